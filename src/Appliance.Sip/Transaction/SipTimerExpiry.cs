namespace Appliance.Sip.Transaction;

/// <summary>One expiration of a <see cref="SipTimer"/>, stamped with the arming it belongs to.</summary>
public readonly struct SipTimerExpiry
{
    private readonly int _version;

    internal SipTimerExpiry(SipTimer timer, int version)
    {
        Timer = timer;
        _version = version;
    }

    /// <summary>The timer that expired.</summary>
    public SipTimer Timer { get; }

    /// <summary>
    /// True while the timer has not been scheduled or cancelled again since this expiry was taken. Read it under the
    /// same lock that serializes the owner's Schedule/Cancel calls.
    /// </summary>
    public bool IsCurrent => Timer.Version == _version;
}
