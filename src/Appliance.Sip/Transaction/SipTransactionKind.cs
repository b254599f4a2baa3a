namespace Appliance.Sip.Transaction;

/// <summary>The four RFC 3261 §17 transaction state machines.</summary>
public enum SipTransactionKind
{
    ClientInvite,
    ClientNonInvite,
    ServerInvite,
    ServerNonInvite,
}
