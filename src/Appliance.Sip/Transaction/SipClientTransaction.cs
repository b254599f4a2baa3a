namespace Appliance.Sip.Transaction;

/// <summary>A client transaction: it owns the serialized request and retransmits it until a response arrives.</summary>
public abstract class SipClientTransaction : SipTransaction
{
    private protected SipClientTransaction(
        SipTransactionKind kind,
        SipTransactionState initialState,
        ISipTransactionHost host,
        SipTimerQueue timers,
        SipTimerSettings settings,
        bool reliable)
        : base(kind, initialState, host, timers, settings, reliable)
    {
    }

    /// <summary>Sends the request and starts the machine's timers. Call once, after registering the transaction.</summary>
    public abstract void Start();
}
