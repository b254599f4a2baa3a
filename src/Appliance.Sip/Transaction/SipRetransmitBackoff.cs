namespace Appliance.Sip.Transaction;

/// <summary>
/// Doubling retransmit interval with an optional cap (Timers A, E, G and the §13.3.1.4 2xx schedule).
/// A mutable struct held in a field of its owner so advancing it never allocates.
/// </summary>
public struct SipRetransmitBackoff
{
    private readonly TimeSpan _cap;

    /// <summary>Starts at <paramref name="initial"/>; every <see cref="Advance"/> doubles it up to <paramref name="cap"/>.</summary>
    public SipRetransmitBackoff(TimeSpan initial, TimeSpan cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, initial);
        Current = initial;
        _cap = cap;
    }

    /// <summary>The interval until the next retransmission.</summary>
    public TimeSpan Current { get; private set; }

    /// <summary>Doubles the interval (saturating at the cap) and returns the new value.</summary>
    public TimeSpan Advance()
    {
        // Halving the cap instead of doubling Current avoids TimeSpan overflow when the cap is TimeSpan.MaxValue.
        Current = Current.Ticks > _cap.Ticks / 2 ? _cap : Current * 2;
        return Current;
    }

    /// <summary>Jumps straight to the cap (Timer E in the Proceeding state uses T2, §17.1.2.2).</summary>
    public void Saturate() => Current = _cap;
}
