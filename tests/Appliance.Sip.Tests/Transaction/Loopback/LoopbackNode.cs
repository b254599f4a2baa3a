using System.Net;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Tests.Transaction.Loopback;

/// <summary>
/// One SIP endpoint on a <see cref="LoopbackNetwork"/>: its transport, transaction layer and recording TU. Received
/// packets are parsed into a reused message over a reused buffer that is wiped after each delivery, so any view the
/// layer kept past the call would show up as garbage.
/// </summary>
internal sealed class LoopbackNode : ISipTransport, ISipTransactionTransport
{
    private readonly LoopbackNetwork _network;
    private readonly byte[] _receiveBuffer = new byte[65536];
    private readonly SipMessage _received = new();

    public LoopbackNode(LoopbackNetwork network, string name, IPEndPoint endPoint, SipTransportKind kind, SipTransactionMetrics? metrics)
    {
        _network = network;
        Name = name;
        LocalEndPoint = SipEndPoint.FromIPEndPoint(endPoint);
        Kind = kind;
        User = new RecordingUser();
        Layer = new SipTransactionLayer(this, User, network.Timers, SipTimerSettings.Default, metrics);
    }

    public string Name { get; }

    public SipTransportKind Kind { get; }

    public bool IsReliable => Kind != SipTransportKind.Udp;

    public SipEndPoint LocalEndPoint { get; }

    public RecordingUser User { get; }

    public SipTransactionLayer Layer { get; }

    /// <summary>When true, every send fails (a transport error).</summary>
    public bool FailSends { get; set; }

    public bool Send(SipEndPoint destination, ReadOnlySpan<byte> message)
    {
        if (FailSends)
        {
            return false;
        }

        _network.Enqueue(this, destination, message);
        return true;
    }

    public bool Send(SipTransportKind kind, SipEndPoint destination, ReadOnlySpan<byte> message) => Send(destination, message);

    public bool SendResponse(in SipReceiveContext context, ReadOnlySpan<byte> response) => Send(context.ResponseDestination, response);

    /// <summary>Sends a request as a client transaction of this node's layer to <paramref name="to"/>.</summary>
    public SipClientTransaction SendRequest(string text, LoopbackNode to) =>
        Layer.SendRequest(new TestBuffer(text), Kind, to.LocalEndPoint, User);

    /// <summary>Sends bytes outside any transaction (a TU's 2xx ACK, or a hand-made message).</summary>
    public void SendRaw(string text, LoopbackNode to) => Send(to.LocalEndPoint, System.Text.Encoding.ASCII.GetBytes(text));

    internal void Receive(byte[] bytes, SipEndPoint from)
    {
        bytes.CopyTo(_receiveBuffer, 0);
        Assert.Equal(SipParseError.None, _received.Parse(_receiveBuffer.AsMemory(0, bytes.Length)));
        Layer.OnMessage(_received, new SipReceiveContext(this, from, 0, _received));
        Array.Clear(_receiveBuffer);
    }
}
