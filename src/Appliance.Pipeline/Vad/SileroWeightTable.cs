namespace Appliance.Pipeline.Vad;

/// <summary>Named float tensors read from the model, looked up with an expected shape.</summary>
internal sealed class SileroWeightTable(Dictionary<string, OnnxTensor> tensors)
{
    /// <summary>The tensor's data, or <see cref="InvalidDataException"/> if it is missing or shaped otherwise.</summary>
    public float[] Get(string name, params ReadOnlySpan<int> shape)
    {
        if (!tensors.TryGetValue(name, out OnnxTensor? tensor) || !tensor.HasShape(shape))
        {
            throw new InvalidDataException($"Silero model tensor '{name}' is missing or has an unexpected shape.");
        }

        return tensor.Data;
    }
}
