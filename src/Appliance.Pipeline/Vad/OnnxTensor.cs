namespace Appliance.Pipeline.Vad;

/// <summary>A float32 tensor read from an ONNX model: its shape and row-major data.</summary>
internal sealed class OnnxTensor(int[] dims, float[] data)
{
    public int[] Dims { get; } = dims;

    public float[] Data { get; } = data;

    public bool HasShape(params ReadOnlySpan<int> dims) => Dims.AsSpan().SequenceEqual(dims);
}
