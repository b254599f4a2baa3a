using System.Net;
using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Tests.Message;
using Appliance.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Sip.Tests.Transport;

// The hub tests listen to the process-wide "Appliance.Sip" meter; the allocation test must not run under that listener.
[Collection(MetricsCollection.Name)]
public sealed class SipReceiveProcessorTests : IDisposable
{
    private readonly SipTransportMetrics _metrics = new();
    private readonly FakeTransport _transport = new();
    private readonly CountingHandler _handler = new();
    private readonly SipReceiveProcessor _processor;
    private readonly SipEndPoint _remote = SipEndPoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000));

    public SipReceiveProcessorTests()
    {
        var shared = new SipTransportShared(_handler, new SipTransportOptions(), _metrics, NullLogger.Instance, TimeProvider.System);
        _processor = new SipReceiveProcessor(shared);
    }

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public void Receiving_an_invite_allocates_nothing_after_warm_up()
    {
        byte[] invite = SipTestText.Wire(SipTestText.Invite);
        for (int i = 0; i < 100; i++)
        {
            _processor.Process(invite, _transport, _remote, 0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _processor.Process(invite, _transport, _remote, 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1100, _handler.Count);
    }

    [Fact]
    public void Via_metadata_follows_rfc_3581_and_18_2_2()
    {
        _processor.Process(SipTestText.Wire(SipTestText.Invite), _transport, _remote, 0);
        Assert.True(_handler.Last.RportRequested);
        Assert.True(_handler.Last.AddReceived);
        Assert.Equal(_remote, _handler.Last.ResponseDestination);

        // No rport, sent-by equal to the source: no stamps, responses to the sent-by port.
        _processor.Process(SipTestText.Wire("""
            OPTIONS sip:u@example.com SIP/2.0
            Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKx
            From: <sip:a@example.com>;tag=1
            To: <sip:u@example.com>
            Call-ID: x@y
            CSeq: 1 OPTIONS
            l: 0


            """), _transport, _remote, 0);
        Assert.False(_handler.Last.RportRequested);
        Assert.False(_handler.Last.AddReceived);
        Assert.Equal(_remote.WithPort(5070), _handler.Last.ResponseDestination);
    }

    [Fact]
    public void Malformed_ack_and_malformed_response_get_no_answer()
    {
        _processor.Process(SipTestText.Wire("""
            ACK sip:u@example.com SIP/2.0
            Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx
            From: <sip:a@example.com>;tag=1
            To: <sip:u@example.com>;tag=2
            CSeq: 1 ACK
            l: 0


            """), _transport, _remote, 0);
        _processor.Process(SipTestText.Wire(SipTortureCorpus.Cases["bigcode"].Text), _transport, _remote, 0);
        Assert.Empty(_transport.Sent);
        Assert.Equal(0, _handler.Count);
    }

    [Theory]
    [InlineData("badvers", "SIP/2.0 505 Version Not Supported")]
    [InlineData("unksm2", "SIP/2.0 416 Unsupported URI Scheme")]
    [InlineData("mismatch01", "SIP/2.0 400 CSeq method does not match request method")]
    public void Malformed_requests_are_answered_to_the_source(string corpusCase, string statusLine)
    {
        _processor.Process(SipTestText.Wire(SipTortureCorpus.Cases[corpusCase].Text), _transport, _remote, 0);
        (SipEndPoint destination, string response) = Assert.Single(_transport.Sent);
        Assert.Equal(_remote, destination);
        Assert.StartsWith(statusLine + "\r\n", response, StringComparison.Ordinal);
    }

    private sealed class CountingHandler : ISipMessageHandler
    {
        public int Count { get; private set; }

        public SipReceiveContext Last { get; private set; }

        public void OnMessage(SipMessage message, in SipReceiveContext context)
        {
            Count++;
            Last = context;
        }
    }

    private sealed class FakeTransport : ISipTransport
    {
        public List<(SipEndPoint, string)> Sent { get; } = [];

        public SipTransportKind Kind => SipTransportKind.Udp;

        public bool IsReliable => false;

        public SipEndPoint LocalEndPoint { get; } = SipEndPoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));

        public bool Send(SipEndPoint destination, ReadOnlySpan<byte> message)
        {
            Sent.Add((destination, Encoding.UTF8.GetString(message)));
            return true;
        }
    }
}
