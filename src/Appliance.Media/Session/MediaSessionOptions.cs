namespace Appliance.Media.Session;

/// <summary>Per-call media configuration that does not come from SDP.</summary>
public sealed record MediaSessionOptions
{
    /// <summary>
    /// PCM rate on the pipeline side of <see cref="IMediaAudioSink"/> and <see cref="IMediaAudioSource"/>; a multiple of 1000
    /// (8000, 16000, 24000, 48000). At 8000 a G.711 call's payload bytes also pass through both ways, untouched.
    /// </summary>
    public int PipelineSampleRate { get; init; } = 16000;

    public TimeSpan JitterMinDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan JitterMaxDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Playout delay before the jitter estimate settles.</summary>
    public TimeSpan JitterInitialDelay { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// Nothing (no RTP, no RTCP from the latched peer) for this long raises <see cref="IMediaSessionObserver.OnMediaTimeout"/>.
    /// Suspended while our direction does not expect media (we hold the call: sendonly/inactive). Zero disables.
    /// </summary>
    public TimeSpan MediaTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When the source has nothing to say, keep sending encoded silence (default) rather than nothing. Continuous packets
    /// keep NAT bindings and our latched address at the peer alive, keep the peer's jitter buffer primed (no talkspurt
    /// re-priming on every pause) and stop peers that have their own RTP timeout from hanging up on a silent agent.
    /// </summary>
    public bool SendSilence { get; init; } = true;

    /// <summary>How long the latched source must be silent before another source may take over (see <see cref="RtpLatch"/>).</summary>
    public TimeSpan RelatchAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive valid packets, same SSRC, a new source must send to be latched after <see cref="RelatchAfter"/>.</summary>
    public int RelatchPackets { get; init; } = 5;

    /// <summary>Volume (−dBm0, 0..63) of DTMF events we send.</summary>
    public int DtmfVolume { get; init; } = 10;

    /// <summary>RTCP SDES CNAME; a per-session random one is used when null.</summary>
    public string? CanonicalName { get; init; }
}
