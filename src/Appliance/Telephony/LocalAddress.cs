using System.Net;
using System.Net.Sockets;

namespace Appliance.Telephony;

/// <summary>Which of this host's addresses to advertise when listening on a wildcard address.</summary>
internal static class LocalAddress
{
    /// <summary>
    /// The configured listen address when it is concrete; otherwise the source address of the
    /// default route (a connected UDP socket sends nothing; it only consults the routing table),
    /// falling back to loopback on a host with no route.
    /// </summary>
    public static IPAddress For(IPAddress listen)
    {
        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
        {
            return listen;
        }
        var v6 = listen.AddressFamily == AddressFamily.InterNetworkV6;
        try
        {
            using var probe = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(v6 ? IPAddress.Parse("2001:db8::1") : IPAddress.Parse("192.0.2.1"), 9);
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
    }
}
