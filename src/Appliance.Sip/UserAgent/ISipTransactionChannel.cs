using System.Buffers;
using Appliance.Sip.Message;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// The transaction layer as the user-agent core sees it (the TU's downward seam): start client transactions, and send
/// the ACK for a 2xx, which belongs to no transaction (RFC 3261 §13.2.2.4, §17.1.1.3).
/// </summary>
public interface ISipTransactionChannel
{
    /// <summary>
    /// Starts a client transaction (INVITE or non-INVITE by <paramref name="method"/>) for the serialized request and
    /// sends it towards <paramref name="nextHop"/> (the top Route URI or the Request-URI, resolved per RFC 3263). Takes
    /// ownership of <paramref name="request"/>. Responses matched to the transaction, including 2xx retransmissions in
    /// the INVITE Accepted state, go to <paramref name="handler"/>; a timeout or transport error goes to its OnFailure.
    /// A CANCEL carries the INVITE's branch and is started here like any non-INVITE request (§9.1).
    /// </summary>
    void SendRequest(SipMethod method, string nextHop, IMemoryOwner<byte> request, ISipResponseHandler handler);

    /// <summary>Sends an ACK for a 2xx statelessly to <paramref name="nextHop"/>; the bytes are only valid during the call.</summary>
    void SendAck(string nextHop, ReadOnlyMemory<byte> ack);
}
