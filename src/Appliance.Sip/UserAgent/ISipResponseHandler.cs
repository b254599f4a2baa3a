using Appliance.Sip.Message;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.UserAgent;

/// <summary>Receives what a client transaction started through <see cref="ISipTransactionChannel"/> passes up.</summary>
public interface ISipResponseHandler
{
    /// <summary>A response matched to the transaction. The message is a view valid only during the call.</summary>
    void OnResponse(SipMessage response);

    /// <summary>The transaction ended without a final response (Timer B/F) or the transport failed.</summary>
    void OnFailure(SipTransactionTermination reason);
}
