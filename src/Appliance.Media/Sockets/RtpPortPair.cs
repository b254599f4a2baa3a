using System.Net.Sockets;

namespace Appliance.Media.Sockets;

/// <summary>
/// A bound RTP socket and, unless rtcp-mux was requested, its RTCP socket on the next port. Disposing closes both
/// (ending any receive loop on them) and returns the pair to its allocator; it is idempotent.
/// </summary>
public sealed class RtpPortPair : IDisposable
{
    private readonly RtpPortAllocator _owner;
    private int _disposed;

    internal RtpPortPair(RtpPortAllocator owner, int rtpPort, Socket rtp, Socket? rtcp)
    {
        _owner = owner;
        RtpPort = rtpPort;
        Rtp = rtp;
        Rtcp = rtcp;
    }

    /// <summary>The even port to put in the SDP m= line.</summary>
    public int RtpPort { get; }

    /// <summary>The RTCP port (RtpPort + 1), reserved even when not bound.</summary>
    public int RtcpPort => RtpPort + 1;

    public Socket Rtp { get; }

    /// <summary>Null when allocated with rtcp-mux.</summary>
    public Socket? Rtcp { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Rtp.Dispose();
        Rtcp?.Dispose();
        _owner.Release(RtpPort);
    }
}
