namespace Appliance.Media.Codecs;

/// <summary>Static facts about an RTP payload format and how to instantiate it.</summary>
/// <param name="Name">The SDP encoding name (rtpmap), e.g. <c>PCMU</c>.</param>
/// <param name="StaticPayloadType">The RFC 3551 static payload type, or -1 if the format is always dynamic.</param>
/// <param name="ClockRate">The RTP timestamp clock (rtpmap rate); 8000 for G.722 although it samples at 16 kHz.</param>
/// <param name="SampleRate">The PCM rate the codec consumes and produces.</param>
/// <param name="Factory">Creates a per-call codec instance, or null for non-audio formats such as telephone-event.</param>
public sealed record CodecDescriptor(string Name, int StaticPayloadType, int ClockRate, int SampleRate, Func<CodecDescriptor, IAudioCodec>? Factory)
{
    /// <summary>PCM samples in a frame of <paramref name="milliseconds"/> (160 for 20 ms PCMU, 320 for G.722).</summary>
    public int SamplesPerFrame(int milliseconds) => SampleRate / 1000 * milliseconds;

    /// <summary>RTP timestamp units covered by a frame of <paramref name="milliseconds"/>.</summary>
    public int TimestampUnitsPerFrame(int milliseconds) => ClockRate / 1000 * milliseconds;

    /// <summary>Creates a fresh codec instance for one call.</summary>
    /// <exception cref="InvalidOperationException">The format carries no audio (e.g. telephone-event).</exception>
    public IAudioCodec Create() =>
        Factory is { } factory ? factory(this) : throw new InvalidOperationException($"{Name} is not an audio codec.");
}
