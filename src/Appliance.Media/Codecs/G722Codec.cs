namespace Appliance.Media.Codecs;

/// <summary>G.722 behind <see cref="IAudioCodec"/>: one encoder and one decoder state per call leg.</summary>
public sealed class G722Codec : IAudioCodec
{
    private readonly G722Encoder _encoder = new();
    private readonly G722Decoder _decoder = new();

    /// <summary>Creates a codec in the reset state.</summary>
    public G722Codec(CodecDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Descriptor = descriptor;
    }

    /// <inheritdoc />
    public CodecDescriptor Descriptor { get; }

    /// <inheritdoc />
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload) => _encoder.Encode(pcm, payload);

    /// <inheritdoc />
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm) => _decoder.Decode(payload, pcm);

    /// <inheritdoc />
    public void Reset()
    {
        _encoder.Reset();
        _decoder.Reset();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Managed state only.
    }
}
