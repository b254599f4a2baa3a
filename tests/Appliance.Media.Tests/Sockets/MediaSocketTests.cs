using System.Net;
using System.Net.Sockets;
using Appliance.Media.Sockets;

namespace Appliance.Media.Tests.Sockets;

public class MediaSocketTests
{
    [Fact]
    public async Task Receive_loop_delivers_datagrams_with_their_source_and_ends_on_dispose()
    {
        var handler = new RecordingHandler();
        Socket raw = Bound();
        EndPoint target = raw.LocalEndPoint!;
        var socket = new MediaSocket(raw, MediaChannel.Rtcp, handler);
        using Socket peer = Bound();
        socket.StartReceiving();

        peer.SendTo("hello"u8, SocketFlags.None, target);
        peer.SendTo("world"u8, SocketFlags.None, target);
        await handler.WaitAsync(2);

        Assert.Equal(["hello", "world"], handler.Payloads);
        Assert.All(handler.Channels, c => Assert.Equal(MediaChannel.Rtcp, c));
        Assert.Equal(peer.LocalEndPoint, handler.Sources[0]);
        socket.Dispose();
        socket.Dispose();
    }

    [Fact]
    public void Poll_drains_queued_datagrams_on_the_calling_thread_and_send_uses_socket_addresses()
    {
        var handler = new RecordingHandler();
        Socket raw = Bound();
        var target = (IPEndPoint)raw.LocalEndPoint!;
        using var socket = new MediaSocket(raw, MediaChannel.Rtp, handler);
        using var other = new MediaSocket(Bound(), MediaChannel.Rtp, new RecordingHandler());

        Assert.True(other.SendTo("a"u8, target.Serialize()));
        Assert.True(other.SendTo("bc"u8, target.Serialize()));
        SpinWait.SpinUntil(() => raw.Available >= 3, 1000);

        Assert.Equal(2, socket.Poll());
        Assert.Equal(["a", "bc"], handler.Payloads);
        Assert.Equal(0, socket.Poll());
    }

    [Fact]
    public void Send_after_dispose_returns_false_without_throwing()
    {
        var socket = new MediaSocket(Bound(), MediaChannel.Rtp, new RecordingHandler());
        socket.Dispose();

        Assert.False(socket.SendTo("x"u8, new IPEndPoint(IPAddress.Loopback, 9).Serialize()));
        Assert.Equal(0, socket.Poll());
    }

    [Fact]
    public async Task A_throwing_handler_is_counted_and_the_loop_keeps_receiving()
    {
        var handler = new RecordingHandler { ThrowOn = "boom" };
        Socket raw = Bound();
        EndPoint target = raw.LocalEndPoint!;
        using var socket = new MediaSocket(raw, MediaChannel.Rtp, handler);
        using Socket peer = Bound();
        socket.StartReceiving();

        peer.SendTo("boom"u8, SocketFlags.None, target);
        peer.SendTo("fine"u8, SocketFlags.None, target);
        await handler.WaitAsync(2);

        Assert.Equal(["boom", "fine"], handler.Payloads);
        Assert.Equal(1, socket.HandlerFaults);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private sealed class RecordingHandler : IDatagramHandler
    {
        private readonly SemaphoreSlim _received = new(0);

        public List<string> Payloads { get; } = [];

        public List<MediaChannel> Channels { get; } = [];

        public List<EndPoint> Sources { get; } = [];

        public string? ThrowOn { get; init; }

        public void OnDatagram(MediaChannel channel, ReadOnlySpan<byte> datagram, SocketAddress source)
        {
            lock (Payloads)
            {
                Payloads.Add(System.Text.Encoding.ASCII.GetString(datagram));
                Channels.Add(channel);
                Sources.Add(new IPEndPoint(IPAddress.Any, 0).Create(source));
            }

            _received.Release();
            if (ThrowOn is not null && datagram.SequenceEqual(System.Text.Encoding.ASCII.GetBytes(ThrowOn)))
            {
                throw new InvalidOperationException("handler fault");
            }
        }

        public async Task WaitAsync(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.True(await _received.WaitAsync(TimeSpan.FromSeconds(5)));
            }
        }
    }
}
