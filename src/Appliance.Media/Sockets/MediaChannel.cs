namespace Appliance.Media.Sockets;

/// <summary>Which of a session's sockets a datagram arrived on.</summary>
public enum MediaChannel
{
    /// <summary>The RTP port (also carries RTCP under rtcp-mux, RFC 5761).</summary>
    Rtp,

    /// <summary>The separate RTCP port (RTP port + 1).</summary>
    Rtcp,
}
