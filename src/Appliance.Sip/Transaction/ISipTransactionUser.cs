using Appliance.Sip.Message;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Transaction;

/// <summary>
/// The transaction user (UAS core / dialog layer) as the <see cref="SipTransactionLayer"/> sees it. Messages are views
/// valid only during the call (clone what you keep). Called on transport or timer threads with no layer or
/// transaction lock held: do not block.
/// </summary>
public interface ISipTransactionUser
{
    /// <summary>
    /// A new request with the server transaction created for it; answer through
    /// <see cref="SipServerTransaction.SendResponse"/> (now or later, from any thread), e.g. with
    /// <see cref="SipTransactionLayer.BeginResponse"/>. Not called for CANCEL (answered by the layer, see
    /// <see cref="OnCancelled"/>), merged requests (482) or retransmissions.
    /// </summary>
    void OnRequest(SipServerTransaction transaction, SipMessage request, in SipReceiveContext context);

    /// <summary>An ACK that belongs to no INVITE server transaction in Completed: the ACK for a 2xx (§13.3.1.4, RFC 6026).</summary>
    void OnAck(SipMessage ack, in SipReceiveContext context);

    /// <summary>A response matching no client transaction, e.g. a 2xx retransmission after Timer M; the dialog re-ACKs it.</summary>
    void OnStrayResponse(SipMessage response, in SipReceiveContext context);

    /// <summary>A CANCEL matched <paramref name="invite"/> while it was Proceeding; the layer has already sent 200 (CANCEL) and 487 (INVITE).</summary>
    void OnCancelled(SipServerInviteTransaction invite);

    /// <summary>A server transaction ended; <see cref="SipTransactionTermination.Timeout"/> means Timer H (no ACK).</summary>
    void OnTerminated(SipServerTransaction transaction, SipTransactionTermination reason);
}
