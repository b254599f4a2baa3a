using Appliance.Media.Codecs;

namespace Appliance.Media.Session;

/// <summary>Receives the caller's decoded audio, one frame per pacer tick, at the session's pipeline sample rate.</summary>
public interface IMediaAudioSink
{
    /// <summary>
    /// One frame of inbound PCM (20 ms at the pipeline rate; silence while nothing is playing). The span is only valid
    /// during the call. Called on the pacer thread; must not block or throw.
    /// </summary>
    void OnInboundAudio(ReadOnlySpan<short> pcm);

    /// <summary>
    /// One frame of inbound PCM with the G.711 bytes it was decoded from, one per sample: the received payload bytes
    /// untouched, and for concealed or missing audio the encoding of the PCM played instead. Sessions call this instead
    /// of <see cref="OnInboundAudio(ReadOnlySpan{short})"/> when the call is G.711 and the pipeline runs at its 8 kHz.
    /// Sinks that want PCM only need not implement it. Same threading rules.
    /// </summary>
    void OnInboundAudio(ReadOnlySpan<short> pcm, ReadOnlySpan<byte> payload, PayloadCodec codec) => OnInboundAudio(pcm);
}
