using System.Net;
using System.Net.Sockets;

namespace Appliance.Calls;

/// <summary>The address to put in SDP so that a caller's RTP reaches us.</summary>
internal static class MediaAddress
{
    /// <summary>
    /// The advertised address when configured; otherwise the local address the kernel would use to
    /// reach the caller (a connected UDP socket sends nothing, it only asks the routing table).
    /// </summary>
    public static IPAddress For(IPEndPoint caller, IPAddress? advertised)
    {
        if (advertised is not null)
        {
            return advertised;
        }
        using var probe = new Socket(caller.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(caller);
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }
}
