using System.Net;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent.Loopback;

/// <summary>One endpoint: UDP transport stand-in, the real transaction layer, the binding and a user agent.</summary>
internal sealed class AgentNode : ISipTransport, ISipTransactionTransport
{
    private readonly AgentNetwork _network;

    public AgentNode(AgentNetwork network, string name, string address)
    {
        _network = network;
        Name = name;
        LocalEndPoint = SipEndPoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(address), 5060));
        var binding = new SipTransactionLayerBinding(this, _ => null);
        binding.Layer = new SipTransactionLayer(this, binding, network.Timers);
        Agent = new SipUserAgent(binding, new SipUserAgentOptions
        {
            Addresses = [new SipAdvertisedAddress("UDP", address, 5060)],
            ContactUser = name,
        }, Handler, network.Timers, NullLoggerFactory.Instance);
        binding.Agent = Agent;
        Layer = binding.Layer;
    }

    public string Name { get; }

    public SipTransportKind Kind => SipTransportKind.Udp;

    public bool IsReliable => false;

    public SipEndPoint LocalEndPoint { get; }

    public SipUserAgent Agent { get; }

    public SipTransactionLayer Layer { get; }

    public TestCallHandler Handler { get; } = new();

    public bool Send(SipEndPoint destination, ReadOnlySpan<byte> message)
    {
        _network.Enqueue(this, destination, message);
        return true;
    }

    public bool Send(SipTransportKind kind, SipEndPoint destination, ReadOnlySpan<byte> message) => Send(destination, message);

    public bool SendResponse(in SipReceiveContext context, ReadOnlySpan<byte> response) => Send(context.ResponseDestination, response);

    public void Receive(byte[] bytes, SipEndPoint from)
    {
        var message = new SipMessage();
        Assert.Equal(SipParseError.None, message.Parse(bytes));
        Layer.OnMessage(message, new SipReceiveContext(this, from, 0, message));
        Array.Clear(bytes); // a view kept past the call would now read zeros
    }
}
