namespace Appliance.Media.Codecs;

/// <summary>
/// One direction-agnostic codec instance for one call leg. Stateful codecs (G.722, later Opus) keep their
/// encoder and decoder state here, so create one per call from <see cref="CodecDescriptor.Create"/>.
/// Frame-based: pass one packet's worth of samples/bytes per call; nothing allocates.
/// </summary>
public interface IAudioCodec : IDisposable
{
    /// <summary>What this codec is (name, payload type, clock and sample rates).</summary>
    CodecDescriptor Descriptor { get; }

    /// <summary>Encodes PCM at <see cref="CodecDescriptor.SampleRate"/> into an RTP payload; returns bytes written.</summary>
    int Encode(ReadOnlySpan<short> pcm, Span<byte> payload);

    /// <summary>Decodes an RTP payload to PCM at <see cref="CodecDescriptor.SampleRate"/>; returns samples written.</summary>
    int Decode(ReadOnlySpan<byte> payload, Span<short> pcm);

    /// <summary>Returns encoder and decoder to their initial state (e.g. after an SSRC change).</summary>
    void Reset();
}
