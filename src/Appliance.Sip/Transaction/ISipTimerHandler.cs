namespace Appliance.Sip.Transaction;

/// <summary>Receives expirations of <see cref="SipTimer"/>s it owns.</summary>
public interface ISipTimerHandler
{
    /// <summary>
    /// Called on the queue's timer thread, with no lock held. Take the lock that guards your Schedule/Cancel calls and
    /// ignore the expiry unless <see cref="SipTimerExpiry.IsCurrent"/> is still true under it: the timer may have been
    /// cancelled or re-armed between being popped and this call.
    /// </summary>
    void OnTimerExpired(SipTimerExpiry expiry);
}
