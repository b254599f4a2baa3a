namespace Appliance.Pipeline.Vad;

/// <summary>Why <see cref="SileroModel.TryLoad"/> refused a model file.</summary>
public enum SileroModelError
{
    /// <summary>Loaded.</summary>
    None,

    /// <summary>The bytes are not the Silero VAD v5 file this code implements (sha256 differs).</summary>
    ChecksumMismatch,

    /// <summary>The ONNX protobuf could not be parsed.</summary>
    Malformed,
}
