namespace Appliance.Sip.Transaction;

/// <summary>What the caller must do with a message it has just fed to a transaction.</summary>
public enum SipTransactionDisposition
{
    /// <summary>Hand the message to the transaction user.</summary>
    PassToUser,

    /// <summary>The transaction consumed it (a retransmission, or out of place for the current state).</summary>
    Absorbed,
}
