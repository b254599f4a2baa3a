using Appliance.Sip.Transport;

namespace Appliance.Sip.Transaction;

/// <summary>
/// The transport as the transaction layer sees it; <see cref="SipTransportHubAdapter"/> binds it to the
/// <see cref="SipTransportHub"/>, tests bind it to a loopback network.
/// </summary>
public interface ISipTransactionTransport
{
    /// <summary>
    /// Sends a request (or a retransmission, or an ACK) of a client transaction. Called while the transaction holds
    /// its lock: must not block; the bytes are only valid during the call. False on a transport error.
    /// </summary>
    bool Send(SipTransportKind kind, SipEndPoint destination, ReadOnlySpan<byte> message);

    /// <summary>Sends a response to the request described by <paramref name="context"/> (§18.2.2 routing). Same rules as <see cref="Send"/>.</summary>
    bool SendResponse(in SipReceiveContext context, ReadOnlySpan<byte> response);
}
