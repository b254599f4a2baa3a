using System.Net;

namespace Appliance.Media.Sockets;

/// <summary>Consumer of datagrams received by a <see cref="MediaSocket"/>.</summary>
public interface IDatagramHandler
{
    /// <summary>
    /// Handles one datagram. Both arguments are only valid during the call (the buffer and address are reused for the
    /// next receive): copy what must outlive it. Must not throw.
    /// </summary>
    void OnDatagram(MediaChannel channel, ReadOnlySpan<byte> datagram, SocketAddress source);
}
