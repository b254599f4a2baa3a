using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Appliance.Pipeline.Vad;

/// <summary>
/// Silero VAD v5 weights for 8 and 16 kHz, read straight from the ONNX protobuf (no ONNX Runtime) and repacked
/// for the SIMD forward pass. Immutable and thread-safe: load once, share across every <see cref="SileroVad"/>.
/// </summary>
public sealed class SileroModel
{
    /// <summary>sha256 of the only model file this forward pass implements (see Vad/Model/README.md).</summary>
    public const string Sha256 = "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f";

    private const string ResourceName = "Appliance.Pipeline.Vad.silero_vad_v5.onnx";

    // The graph's top level is If(sr == 16000): then-branch = 16 kHz network, else-branch = 8 kHz network.
    private const string Prefix16k = "If_0_then_branch__Inline_0__";
    private const string Prefix8k = "If_0_else_branch__Inline_0__";

    private static SileroModel? s_embedded;

    private SileroModel(SileroWeightTable weights)
    {
        Branch16k = SileroBranch.Create(16000, weights, Prefix16k);
        Branch8k = SileroBranch.Create(8000, weights, Prefix8k);
    }

    /// <summary>The model embedded in this assembly, loaded and checksum-verified on first use.</summary>
    public static SileroModel Embedded => LazyInitializer.EnsureInitialized(ref s_embedded, LoadEmbedded);

    internal SileroBranch Branch16k { get; }

    internal SileroBranch Branch8k { get; }

    /// <summary>Loads the model from ONNX bytes, which must be the file whose sha256 is <see cref="Sha256"/>.</summary>
    public static bool TryLoad(ReadOnlySpan<byte> onnx, [NotNullWhen(true)] out SileroModel? model, out SileroModelError error)
    {
        model = null;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(onnx, hash);
        if (!Convert.ToHexStringLower(hash).Equals(Sha256, StringComparison.Ordinal))
        {
            error = SileroModelError.ChecksumMismatch;
            return false;
        }

        var tensors = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        if (!OnnxWeightReader.TryRead(onnx, tensors))
        {
            error = SileroModelError.Malformed;
            return false;
        }

        // With the checksum matched, every tensor the branches ask for is known to be present and shaped right.
        model = new SileroModel(new SileroWeightTable(tensors));
        error = SileroModelError.None;
        return true;
    }

    /// <summary>The network for 8000 or 16000 Hz.</summary>
    internal SileroBranch ForRate(int sampleRate) => sampleRate switch
    {
        16000 => Branch16k,
        8000 => Branch8k,
        _ => throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Silero VAD runs at 8000 or 16000 Hz."),
    };

    private static SileroModel LoadEmbedded()
    {
        using Stream stream = typeof(SileroModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return TryLoad(bytes, out SileroModel? model, out SileroModelError error)
            ? model
            : throw new InvalidDataException($"Embedded Silero model failed to load: {error}.");
    }
}
