namespace Appliance.Media.Session;

/// <summary>Receives the caller's decoded audio, one frame per pacer tick, at the session's pipeline sample rate.</summary>
public interface IMediaAudioSink
{
    /// <summary>
    /// One frame of inbound PCM (20 ms at the pipeline rate; silence while nothing is playing). The span is only valid
    /// during the call. Called on the pacer thread; must not block or throw.
    /// </summary>
    void OnInboundAudio(ReadOnlySpan<short> pcm);
}
