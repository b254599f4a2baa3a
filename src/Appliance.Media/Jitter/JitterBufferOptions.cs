namespace Appliance.Media.Jitter;

/// <summary>Jitter buffer configuration. Delays are rounded to whole frames.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>RTP clock rate of the payload (8000 for G.711 and G.722).</summary>
    public int ClockRate { get; init; } = 8000;

    /// <summary>Audio per packet and per <see cref="JitterBuffer.Pop"/>; the caller pops at this cadence.</summary>
    public TimeSpan FrameDuration { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Delay before the first frame plays, used until enough packets have been seen to estimate jitter.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>Largest payload stored; bigger packets are refused (a 20 ms G.711 frame is 160 bytes).</summary>
    public int MaxPayloadSize { get; init; } = 640;

    /// <summary>Pops per adaptation decision (one second of 20 ms frames).</summary>
    public int AdaptationWindow { get; init; } = 50;
}
