using Appliance.Sip.Transport;

namespace Appliance.Sip.Transaction;

/// <summary>
/// Sends the transaction layer's messages through a <see cref="SipTransportHub"/>. Wiring:
/// <code>
/// var hub = new SipTransportHub(options);
/// var layer = new SipTransactionLayer(new SipTransportHubAdapter(hub), user, timers);
/// hub.Start(layer);
/// </code>
/// </summary>
public sealed class SipTransportHubAdapter(SipTransportHub hub) : ISipTransactionTransport
{
    /// <inheritdoc/>
    public bool Send(SipTransportKind kind, SipEndPoint destination, ReadOnlySpan<byte> message) => hub.Send(kind, destination, message);

    /// <inheritdoc/>
    public bool SendResponse(in SipReceiveContext context, ReadOnlySpan<byte> response) => hub.SendResponse(context, response);
}
