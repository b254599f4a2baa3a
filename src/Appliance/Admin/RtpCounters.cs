using Appliance.Media.Session;

namespace Appliance.Admin;

/// <summary>The call's RTP counters.</summary>
internal sealed record RtpCounters(long PacketsSent, long BytesSent, long PacketsReceived, long BytesReceived, long PacketsLost, double JitterMs)
{
    public static RtpCounters From(MediaSessionStatistics s) =>
        new(s.PacketsSent, s.BytesSent, s.PacketsReceived, s.BytesReceived, s.PacketsLost, Math.Round(s.Jitter.TotalMilliseconds, 2));
}
