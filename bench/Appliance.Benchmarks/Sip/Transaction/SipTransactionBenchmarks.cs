using System.Buffers;
using System.Net;
using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Sip.Transaction;

/// <summary>Timer heap churn under load, and the per-message paths of the transaction state machines.</summary>
[MemoryDiagnoser]
public class SipTransactionBenchmarks
{
    private sealed class NullHost : ISipTransactionHost
    {
        public bool Send(SipTransaction transaction, ReadOnlyMemory<byte> message) => true;

        public IMemoryOwner<byte>? CreateTrying(SipServerInviteTransaction transaction) => null;

        public void OnTerminated(SipTransaction transaction, SipTransactionTermination reason)
        {
        }
    }

    private sealed class Buffer(byte[] bytes) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory => bytes;

        public void Dispose()
        {
        }
    }

    /// <summary>Counts sends instead of sending; also stands in as the transport a request arrived on.</summary>
    private sealed class NullTransport : ISipTransactionTransport, ISipTransport
    {
        public SipTransportKind Kind => SipTransportKind.Udp;

        public bool IsReliable => false;

        public SipEndPoint LocalEndPoint { get; } = SipEndPoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));

        public bool Send(SipEndPoint destination, ReadOnlySpan<byte> message) => true;

        public bool Send(SipTransportKind kind, SipEndPoint destination, ReadOnlySpan<byte> message) => true;

        public bool SendResponse(in SipReceiveContext context, ReadOnlySpan<byte> response) => true;
    }

    private sealed class NullUser : ISipTransactionUser
    {
        public SipServerTransaction? Last { get; private set; }

        public void OnRequest(SipServerTransaction transaction, SipMessage request, in SipReceiveContext context) => Last = transaction;

        public void OnAck(SipMessage ack, in SipReceiveContext context)
        {
        }

        public void OnStrayResponse(SipMessage response, in SipReceiveContext context)
        {
        }

        public void OnCancelled(SipServerInviteTransaction invite)
        {
        }

        public void OnTerminated(SipServerTransaction transaction, SipTransactionTermination reason)
        {
        }
    }

    private const string Invite =
        "INVITE sip:bob@10.0.0.2 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:alice@10.0.0.1>;tag=1928301774\r\n" +
        "To: <sip:bob@10.0.0.2>\r\n" +
        "Call-ID: a84b4c76e66710@10.0.0.1\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n";

    private sealed class NullHandler : ISipTimerHandler
    {
        public void OnTimerExpired(SipTimerExpiry expiry)
        {
        }
    }

    private readonly NullHost _host = new();
    private readonly Buffer _response = new(new byte[400]);
    private SipTimerQueue _queue = null!;
    private SipTimer _probe = null!;
    private SipServerInviteTransaction _serverInvite = null!;
    private SipTransactionLayer _layer = null!;
    private SipMessage _invite = null!;
    private SipReceiveContext _context;

    [GlobalSetup]
    public void Setup()
    {
        // A queue already holding 10,000 armed timers, as with a few thousand live calls.
        _queue = new SipTimerQueue(TimeProvider.System);
        var handler = new NullHandler();
        for (int i = 0; i < 10_000; i++)
        {
            new SipTimer(_queue, handler).Schedule(TimeSpan.FromMinutes(10 + (i % 100)));
        }

        _probe = new SipTimer(_queue, handler);
        _serverInvite = new SipServerInviteTransaction(_host, _queue, SipTimerSettings.Default, reliable: false);
        _serverInvite.Start();
        _serverInvite.SendResponse(180, _response);

        var transport = new NullTransport();
        var user = new NullUser();
        _layer = new SipTransactionLayer(transport, user, _queue);
        _invite = new SipMessage();
        _invite.Parse(Encoding.ASCII.GetBytes(Invite));
        _context = new SipReceiveContext(transport, SipEndPoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5060)), 0, _invite);
        _layer.OnMessage(_invite, _context);
        user.Last!.SendResponse(180, _response);
    }

    [GlobalCleanup]
    public void Cleanup() => _queue.Dispose();

    [Benchmark(Description = "Timer schedule+cancel, 10k armed")]
    public void ScheduleCancel()
    {
        _probe.Schedule(TimeSpan.FromMinutes(12));
        _probe.Cancel();
    }

    [Benchmark(Description = "Server INVITE absorbs a retransmission")]
    public SipTransactionDisposition AbsorbRetransmission() => _serverInvite.ReceiveRequest();

    [Benchmark(Description = "Layer matches and absorbs a retransmitted INVITE")]
    public void LayerRetransmission() => _layer.OnMessage(_invite, _context);

    [Benchmark(Description = "Client non-INVITE lifecycle (TCP)")]
    public SipTransactionState ClientNonInviteLifecycle()
    {
        var tx = new SipClientNonInviteTransaction(_host, _queue, SipTimerSettings.Default, reliable: true, _response);
        tx.Start();
        tx.ReceiveResponse(200);
        return tx.State;
    }
}
