namespace Appliance.Media.Rtcp;

/// <summary>Tells RTCP from RTP on a shared port (RFC 5761 §4): RTCP packet types 192–223 occupy RTP payload types 64–95 with M set.</summary>
public static class RtcpMux
{
    /// <summary>True if <paramref name="datagram"/> should go to the RTCP handler.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) => datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;
}
