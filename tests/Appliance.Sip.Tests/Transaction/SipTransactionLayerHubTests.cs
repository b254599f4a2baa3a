using System.Net;
using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Tests.Transport;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Tests.Transaction;

/// <summary>Two transaction layers over real <see cref="SipTransportHub"/>s on 127.0.0.1: the layer integrated with the transport.</summary>
[Collection(MetricsCollection.Name)]
public sealed class SipTransactionLayerHubTests
{
    /// <summary>Answers every request with 200 and completes when its own client transaction sees a final response.</summary>
    private sealed class Peer : ISipTransactionUser, ISipClientTransactionUser, IAsyncDisposable
    {
        private readonly SipTimerQueue _timers = new(TimeProvider.System);

        public Peer(SipTransportKind kind)
        {
            var options = new SipTransportOptions();
            options.Listeners.Add(new SipListenerOptions(kind, new IPEndPoint(IPAddress.Loopback, 0)));
            Hub = new SipTransportHub(options);
            Layer = new SipTransactionLayer(new SipTransportHubAdapter(Hub), this, _timers);
            Hub.Start(Layer);
        }

        public SipTransactionLayer Layer { get; }

        public SipTransportHub Hub { get; }

        public SipEndPoint EndPoint => Hub.Transports[0].LocalEndPoint;

        public TaskCompletionSource<string> Final { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnRequest(SipServerTransaction transaction, SipMessage request, in SipReceiveContext context)
        {
            SipPooledBufferWriter response = SipTransactionLayer.BeginResponse(transaction, request, 200, "OK"u8);
            new SipMessageWriter(response).WriteEnd();
            transaction.SendResponse(200, response);
        }

        public void OnResponse(SipClientTransaction transaction, SipMessage response)
        {
            if (response.StatusCode >= 200)
            {
                Final.TrySetResult(Encoding.ASCII.GetString(response.Buffer.Span));
            }
        }

        public void OnTerminated(SipClientTransaction transaction, SipTransactionTermination reason)
        {
            if (reason != SipTransactionTermination.Normal)
            {
                Final.TrySetResult(reason.ToString());
            }
        }

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

        public async ValueTask DisposeAsync()
        {
            await Hub.DisposeAsync();
            _timers.Dispose();
        }
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task Options_round_trip_through_real_transports(SipTransportKind kind)
    {
        await using var alice = new Peer(kind);
        await using var bob = new Peer(kind);
        string request =
            $"OPTIONS sip:bob@127.0.0.1:{bob.EndPoint.Port} SIP/2.0\r\n" +
            $"Via: SIP/2.0/{kind.ToString().ToUpperInvariant()} 127.0.0.1:{alice.EndPoint.Port};branch={SipBranch.Create()};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:alice@127.0.0.1>;tag=a1\r\n" +
            "To: <sip:bob@127.0.0.1>\r\n" +
            "Call-ID: hub-test\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";

        alice.Layer.SendRequest(new TestBuffer(request), kind, bob.EndPoint, alice);
        string response = await alice.Final.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("SIP/2.0 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("CSeq: 1 OPTIONS", response, StringComparison.Ordinal);
        Assert.Contains(";tag=", response[response.IndexOf("To:", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }
}
