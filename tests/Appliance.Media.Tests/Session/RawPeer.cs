using System.Net;
using System.Net.Sockets;

namespace Appliance.Media.Tests.Session;

/// <summary>A plain UDP socket playing a remote RTP endpoint the test drives byte by byte.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly byte[] _buffer = new byte[2048];

    public RawPeer()
    {
        Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public Socket Socket { get; } = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public IPEndPoint EndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    public void Send(ReadOnlySpan<byte> datagram, int port) => Socket.SendTo(datagram, SocketFlags.None, SessionHarness.Loopback(port));

    /// <summary>Datagrams queued for this peer.</summary>
    public List<byte[]> ReceiveAll()
    {
        var received = new List<byte[]>();
        while (Socket.Available > 0)
        {
            int length = Socket.Receive(_buffer);
            received.Add(_buffer[..length]);
        }

        return received;
    }

    public void Dispose() => Socket.Dispose();
}
