namespace Appliance.Sip.Transaction;

/// <summary>
/// RFC 3261 §17 / Table 4 timer values. T1, T2 and T4 are configurable; every other timer derives from them so a
/// deployment tunes one knob (e.g. a larger T1 on a high-latency trunk) and the whole table follows.
/// </summary>
public sealed class SipTimerSettings
{
    /// <summary>The RFC defaults: T1 500 ms, T2 4 s, T4 5 s, 100 Trying after 200 ms.</summary>
    public static SipTimerSettings Default { get; } = new();

    /// <summary>Creates settings; throws on values the state machines cannot honour (cold, configuration-time path).</summary>
    public SipTimerSettings(TimeSpan? t1 = null, TimeSpan? t2 = null, TimeSpan? t4 = null, TimeSpan? tryingDelay = null)
    {
        T1 = t1 ?? TimeSpan.FromMilliseconds(500);
        T2 = t2 ?? TimeSpan.FromSeconds(4);
        T4 = t4 ?? TimeSpan.FromSeconds(5);
        TryingDelay = tryingDelay ?? TimeSpan.FromMilliseconds(200);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(T1, TimeSpan.Zero, nameof(t1));
        ArgumentOutOfRangeException.ThrowIfLessThan(T2, T1, nameof(t2));
        ArgumentOutOfRangeException.ThrowIfLessThan(T4, TimeSpan.Zero, nameof(t4));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TryingDelay, TimeSpan.Zero, nameof(tryingDelay));
    }

    /// <summary>RTT estimate; initial retransmit interval.</summary>
    public TimeSpan T1 { get; }

    /// <summary>Maximum retransmit interval for non-INVITE requests and INVITE responses.</summary>
    public TimeSpan T2 { get; }

    /// <summary>Maximum time a message remains in the network.</summary>
    public TimeSpan T4 { get; }

    /// <summary>How long a server INVITE transaction waits for the TU before sending 100 Trying itself (§17.2.1).</summary>
    public TimeSpan TryingDelay { get; }

    /// <summary>The common 64*T1 transaction lifetime.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer A initial value (INVITE request retransmit, unreliable only; doubles without cap).</summary>
    public TimeSpan TimerA => T1;

    /// <summary>Timer B: INVITE transaction timeout.</summary>
    public TimeSpan TimerB => TransactionTimeout;

    /// <summary>Timer D: wait for response retransmits after a non-2xx final (at least 32 s unreliable, 0 reliable).</summary>
    public TimeSpan TimerD(bool reliable) =>
        reliable ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(32).Ticks, TransactionTimeout.Ticks));

    /// <summary>Timer E initial value (non-INVITE request retransmit; min(2^n*T1, T2)).</summary>
    public TimeSpan TimerE => T1;

    /// <summary>Timer F: non-INVITE transaction timeout.</summary>
    public TimeSpan TimerF => TransactionTimeout;

    /// <summary>Timer G initial value (INVITE final response retransmit; min(2^n*T1, T2)).</summary>
    public TimeSpan TimerG => T1;

    /// <summary>Timer H: wait time for ACK receipt.</summary>
    public TimeSpan TimerH => TransactionTimeout;

    /// <summary>Timer I: wait time for ACK retransmits (T4 unreliable, 0 reliable).</summary>
    public TimeSpan TimerI(bool reliable) => reliable ? TimeSpan.Zero : T4;

    /// <summary>Timer J: wait time for non-INVITE request retransmits (64*T1 unreliable, 0 reliable).</summary>
    public TimeSpan TimerJ(bool reliable) => reliable ? TimeSpan.Zero : TransactionTimeout;

    /// <summary>Timer K: wait time for non-INVITE response retransmits (T4 unreliable, 0 reliable).</summary>
    public TimeSpan TimerK(bool reliable) => reliable ? TimeSpan.Zero : T4;

    /// <summary>RFC 6026 Timer L: server INVITE "Accepted" lifetime, absorbing INVITE retransmits after a 2xx.</summary>
    public TimeSpan TimerL => TransactionTimeout;

    /// <summary>RFC 6026 Timer M: client INVITE "Accepted" lifetime, passing 2xx retransmits to the TU.</summary>
    public TimeSpan TimerM => TransactionTimeout;

    /// <summary>Backoff for Timer A: starts at T1 and doubles without cap (§17.1.1.2).</summary>
    public SipRetransmitBackoff CreateTimerABackoff() => new(T1, TimeSpan.MaxValue);

    /// <summary>Backoff for Timer E and Timer G: starts at T1, doubles, capped at T2.</summary>
    public SipRetransmitBackoff CreateCappedBackoff() => new(T1, T2);

    /// <summary>
    /// Schedule for the UAS core's 2xx retransmission until ACK (§13.3.1.4): starts at T1, doubles to T2; give up after
    /// <see cref="TransactionTimeout"/>. The dialog layer owns the timer; this keeps the numbers in one place.
    /// </summary>
    public SipRetransmitBackoff Create2xxRetransmitBackoff() => new(T1, T2);
}
