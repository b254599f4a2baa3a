using Appliance.Sip.Message;

namespace Appliance.Sip.Transaction;

/// <summary>Receives what one client transaction started by <see cref="SipTransactionLayer.SendRequest"/> passes up.</summary>
public interface ISipClientTransactionUser
{
    /// <summary>A response the transaction passes to its TU (provisionals, the final, 2xx retransmissions in Accepted). A view valid only during the call.</summary>
    void OnResponse(SipClientTransaction transaction, SipMessage response);

    /// <summary>The transaction ended; Timeout (Timer B/F) and TransportError mean no final response will come.</summary>
    void OnTerminated(SipClientTransaction transaction, SipTransactionTermination reason);
}
