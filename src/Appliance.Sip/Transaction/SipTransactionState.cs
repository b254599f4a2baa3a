namespace Appliance.Sip.Transaction;

/// <summary>Transaction states across all four machines (each uses a subset).</summary>
public enum SipTransactionState
{
    /// <summary>Client INVITE: request sent, no response yet.</summary>
    Calling,

    /// <summary>Non-INVITE: request sent (client) or received (server), no response yet.</summary>
    Trying,

    /// <summary>A provisional response has been received (client) or sent (server).</summary>
    Proceeding,

    /// <summary>A final response (non-2xx for INVITE) has been received or sent; absorbing retransmissions.</summary>
    Completed,

    /// <summary>Server INVITE: ACK received for a non-2xx final; absorbing ACK retransmissions (Timer I).</summary>
    Confirmed,

    /// <summary>INVITE: a 2xx was received or sent (RFC 6026, Timers L/M).</summary>
    Accepted,

    /// <summary>Finished; the transaction no longer sends or absorbs anything.</summary>
    Terminated,
}
