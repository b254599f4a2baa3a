namespace Appliance.Media.Rtcp;

/// <summary>
/// The RTCP report interval of RFC 3550 §6.3.1 / Appendix A.7: bandwidth share split between senders and receivers,
/// a minimum (5 s, halved for the first report), randomized over [0.5, 1.5] and divided by e − 3/2 to compensate timer
/// reconsideration. The random source is injected so tests are deterministic.
/// </summary>
public sealed class RtcpIntervalCalculator
{
    private const double SenderBandwidthFraction = 0.25;
    private const double Compensation = 2.71828 - 1.5;

    private readonly Random _random;
    private readonly double _rtcpBandwidth;
    private readonly TimeSpan _minimum;

    /// <summary>
    /// Creates a calculator for an RTCP bandwidth of <paramref name="rtcpBytesPerSecond"/> (normally 5% of the session bandwidth)
    /// and a minimum interval (RFC 3550 recommends 5 s).
    /// </summary>
    public RtcpIntervalCalculator(double rtcpBytesPerSecond, TimeSpan minimum, Random random, int initialAverageSize = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rtcpBytesPerSecond);
        ArgumentNullException.ThrowIfNull(random);
        _rtcpBandwidth = rtcpBytesPerSecond;
        _minimum = minimum;
        _random = random;
        AverageSize = initialAverageSize;
    }

    /// <summary>Smoothed size of RTCP packets sent and received, lower-layer headers included (§6.3.3).</summary>
    public double AverageSize { get; private set; }

    /// <summary>Folds one RTCP packet size into <see cref="AverageSize"/> with weight 1/16.</summary>
    public void OnPacket(int bytes) => AverageSize += (bytes - AverageSize) / 16;

    /// <summary>The deterministic part of the interval, before randomization (A.7 up to the minimum clamp).</summary>
    public TimeSpan Deterministic(int members, int senders, bool weSent, bool initial)
    {
        double minimum = _minimum.TotalSeconds / (initial ? 2 : 1);
        double bandwidth = _rtcpBandwidth;
        int n = members;
        if (senders <= members * SenderBandwidthFraction)
        {
            if (weSent)
            {
                bandwidth *= SenderBandwidthFraction;
                n = senders;
            }
            else
            {
                bandwidth *= 1 - SenderBandwidthFraction;
                n -= senders;
            }
        }

        return TimeSpan.FromSeconds(Math.Max(AverageSize * n / bandwidth, minimum));
    }

    /// <summary>The next randomized transmission interval.</summary>
    public TimeSpan Next(int members, int senders, bool weSent, bool initial) =>
        Deterministic(members, senders, weSent, initial) * (_random.NextDouble() + 0.5) / Compensation;
}
