namespace Appliance.Media.Codecs;

/// <summary>PCMU or PCMA behind <see cref="IAudioCodec"/>. Stateless: the same instance may serve any number of calls.</summary>
public sealed class G711Codec : IAudioCodec
{
    private readonly bool _muLaw;

    /// <summary>Wraps µ-law when <paramref name="descriptor"/> names PCMU, otherwise A-law.</summary>
    public G711Codec(CodecDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Descriptor = descriptor;
        _muLaw = string.Equals(descriptor.Name, CodecRegistry.Pcmu, StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public CodecDescriptor Descriptor { get; }

    /// <inheritdoc />
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload) =>
        _muLaw ? MuLaw.Encode(pcm, payload) : ALaw.Encode(pcm, payload);

    /// <inheritdoc />
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm) =>
        _muLaw ? MuLaw.Decode(payload, pcm) : ALaw.Decode(payload, pcm);

    /// <inheritdoc />
    public void Reset()
    {
        // Stateless.
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Holds no native or pooled resources.
    }
}
