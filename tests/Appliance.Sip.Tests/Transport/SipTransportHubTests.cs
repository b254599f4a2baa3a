using System.Buffers;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Tests.Message;
using Appliance.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Sip.Tests.Transport;

// The hub tests listen to the process-wide "Appliance.Sip" meter; the allocation test must not run under that listener.
[Collection(MetricsCollection.Name)]
public sealed class SipTransportHubTests : IAsyncLifetime
{
    private const string MissingCallId = """
        OPTIONS sip:user@127.0.0.1 SIP/2.0
        Via: SIP/2.0/UDP client.example.com;branch=z9hG4bKbad
        From: <sip:caller@example.net>;tag=1
        To: <sip:user@example.com>
        CSeq: 1 OPTIONS
        Content-Length: 0


        """;

    private readonly RecordingHandler _handler = new();
    private readonly FakeTimeProvider _time = new();
    private readonly SipTransportMetrics _metrics = new();
    private SipTransportHub _hub = null!;

    public Task InitializeAsync()
    {
        var options = new SipTransportOptions { TcpIdleTimeout = TimeSpan.FromSeconds(30), TcpIdleSweepInterval = TimeSpan.FromSeconds(10) };
        options.Listeners.Add(new SipListenerOptions(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 0)));
        options.Listeners.Add(new SipListenerOptions(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, 0)));
        _hub = new SipTransportHub(options, timeProvider: _time, metrics: _metrics);
        _hub.Start(_handler);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _metrics.Dispose();
    }

    private IPEndPoint Udp => _hub.SelectTransport(SipTransportKind.Udp, AddressFamily.InterNetwork)!.LocalEndPoint.ToIPEndPoint();

    private IPEndPoint Tcp => _hub.SelectTransport(SipTransportKind.Tcp, AddressFamily.InterNetwork)!.LocalEndPoint.ToIPEndPoint();

    private static string T(ReadOnlyMemory<byte> bytes) => SipTestText.Text(bytes);

    [Fact]
    public async Task Udp_datagram_reaches_the_handler_with_via_metadata()
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] invite = SipTestText.Wire(SipTestText.Invite);
        await client.SendAsync(invite, Udp);

        (SipMessage message, SipReceiveContext context) = await _handler.NextAsync();
        Assert.Equal(SipMethod.Invite, message.Method);
        Assert.Equal("z9hG4bK776asdhds", T(message.TopVia.Branch));
        Assert.Equal(SipTransportKind.Udp, context.Transport.Kind);
        Assert.False(context.Transport.IsReliable);
        Assert.Equal(((IPEndPoint)client.Client.LocalEndPoint!).Port, context.Remote.Port);
        Assert.True(context.RportRequested);
        Assert.True(context.AddReceived);
        Assert.Equal(context.Remote, context.ResponseDestination);
    }

    [Fact]
    public async Task Udp_response_goes_back_to_the_rport_source_with_received_and_rport_stamped()
    {
        _handler.RespondVia = _hub;
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendAsync(SipTestText.Wire(SipTestText.Invite), Udp);

        UdpReceiveResult reply = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var response = new SipMessage();
        Assert.Equal(SipParseError.None, response.Parse(reply.Buffer));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("127.0.0.1", T(response.TopVia.Received));
        Assert.Equal(((IPEndPoint)client.Client.LocalEndPoint!).Port, response.TopVia.Rport);
        Assert.Equal("srv", T(response.To.Tag));
    }

    [Fact]
    public async Task Unparsable_udp_request_gets_the_exact_400_and_is_counted()
    {
        using var listener = new ParseErrorListener();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendAsync(SipTestText.Wire(MissingCallId), Udp);

        UdpReceiveResult reply = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
        AssertExact400(Encoding.UTF8.GetString(reply.Buffer));
        Assert.Contains("MissingCallId", listener.Reasons);
        Assert.False(_handler.TryNext(out _));
    }

    [Fact]
    public async Task Malformed_udp_response_is_dropped_and_counted()
    {
        using var listener = new ParseErrorListener();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendAsync(SipTestText.Wire(SipTortureCorpus.Cases["bigcode"].Text), Udp);

        // A well-formed message sent afterwards proves the bad one was processed (and dropped) first.
        await client.SendAsync(SipTestText.Wire(SipTestText.Ok), Udp);
        (SipMessage message, _) = await _handler.NextAsync();
        Assert.Equal(200, message.StatusCode);
        Assert.Contains("BadStatusLine", listener.Reasons);
        Assert.Equal(0, client.Available);
    }

    [Fact]
    public async Task Tcp_frames_a_message_split_across_writes_and_two_in_one_write()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Tcp);
        NetworkStream stream = client.GetStream();
        byte[] invite = SipTestText.Wire(SipTestText.Invite);

        await stream.WriteAsync(invite.AsMemory(0, 100));
        await stream.FlushAsync();
        await Task.Yield();
        await stream.WriteAsync(invite.AsMemory(100));
        (SipMessage first, SipReceiveContext context) = await _handler.NextAsync();
        Assert.Equal(SipMethod.Invite, first.Method);
        Assert.True(context.Transport.IsReliable);
        Assert.NotEqual(0, context.ConnectionId);

        await stream.WriteAsync((byte[])[.. SipTestText.Wire(SipTestText.Ok), .. invite]);
        Assert.Equal(200, (await _handler.NextAsync()).Message.StatusCode);
        Assert.Equal(SipMethod.Invite, (await _handler.NextAsync()).Message.Method);
    }

    [Fact]
    public async Task Unparsable_tcp_request_gets_the_exact_400_on_the_same_connection()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Tcp);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(SipTestText.Wire(MissingCallId));

        AssertExact400(await ReadMessageAsync(stream));
    }

    [Fact]
    public async Task Tcp_response_reuses_the_request_connection()
    {
        _handler.RespondVia = _hub;
        using var client = new TcpClient();
        await client.ConnectAsync(Tcp);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(SipTestText.Wire(SipTestText.Invite));

        var response = new SipMessage();
        Assert.Equal(SipParseError.None, response.Parse(Encoding.UTF8.GetBytes(await ReadMessageAsync(stream))));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("a84b4c76e66710@pc33.atlanta.example.com", T(response.CallId));
    }

    [Fact]
    public async Task Crlf_ping_gets_a_pong()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Tcp);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync("\r\n\r\n"u8.ToArray());

        byte[] pong = new byte[2];
        await stream.ReadExactlyAsync(pong).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("\r\n"u8.ToArray(), pong);
    }

    [Fact]
    public async Task Idle_tcp_connection_is_closed_after_the_idle_timeout()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Tcp);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(SipTestText.Wire(SipTestText.Ok));
        await _handler.NextAsync(); // The server has the connection and has seen traffic on it.

        var tcp = (SipTcpTransport)_hub.SelectTransport(SipTransportKind.Tcp, AddressFamily.InterNetwork)!;
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, tcp.ConnectionCount); // Two sweeps ran; 20 s idle is under the 30 s timeout.
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(0, tcp.ConnectionCount);
        Assert.True(await IsClosedByPeerAsync(stream));
    }

    /// <summary>End of stream, or a reset if the close raced with in-flight bytes: either way the server closed it.</summary>
    private static async Task<bool> IsClosedByPeerAsync(NetworkStream stream)
    {
        try
        {
            return await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) == 0;
        }
        catch (IOException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return true;
        }
    }

    [Fact]
    public async Task Send_to_a_new_tcp_peer_opens_a_connection()
    {
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Start();
        var destination = SipEndPoint.FromIPEndPoint((IPEndPoint)peer.LocalEndpoint);
        byte[] invite = SipTestText.Wire(SipTestText.Invite);

        Assert.True(_hub.Send(SipTransportKind.Tcp, destination, invite));
        using TcpClient accepted = await peer.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        byte[] received = new byte[invite.Length];
        await accepted.GetStream().ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(invite, received);

        // A request from the peer on that connection reaches the handler: the connection is shared both ways.
        await accepted.GetStream().WriteAsync(SipTestText.Wire(SipTestText.Ok));
        Assert.Equal(200, (await _handler.NextAsync()).Message.StatusCode);
    }

    private static void AssertExact400(string response)
    {
        int tagAt = response.IndexOf(";tag=", response.IndexOf("\r\nTo: ", StringComparison.Ordinal), StringComparison.Ordinal) + 5;
        string tag = response[tagAt..response.IndexOf("\r\n", tagAt, StringComparison.Ordinal)];
        Assert.Equal(
            "SIP/2.0 400 Missing Call-ID\r\n" +
            "Via: SIP/2.0/UDP client.example.com;branch=z9hG4bKbad\r\n" +
            "From: <sip:caller@example.net>;tag=1\r\n" +
            $"To: <sip:user@example.com>;tag={tag}\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n",
            response);
        Assert.False(string.IsNullOrEmpty(tag));
    }

    private static async Task<string> ReadMessageAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        byte[] buffer = new byte[4096];
        while (true)
        {
            int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, read);
            received.AddRange(buffer.AsSpan(0, read));
            var sequence = new ReadOnlySequence<byte>([.. received]);
            if (SipStreamFramer.TryReadMessage(ref sequence, SipParserLimits.Default, out SipFrame frame))
            {
                return Encoding.UTF8.GetString(frame.Message.ToArray());
            }
        }
    }

    /// <summary>Collects the reason tags of appliance.sip.parse_errors while alive.</summary>
    private sealed class ParseErrorListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<string> _reasons = [];

        public ParseErrorListener()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SipTransportMetrics.MeterName && instrument.Name == "appliance.sip.parse_errors")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        lock (_reasons)
                        {
                            _reasons.Add((string)tag.Value!);
                        }
                    }
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<string> Reasons
        {
            get
            {
                lock (_reasons)
                {
                    return [.. _reasons];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
