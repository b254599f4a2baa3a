namespace Appliance.Sip.Transaction;

/// <summary>
/// A reusable timer slot in a <see cref="SipTimerQueue"/>. An owner allocates one per logical timer (e.g.
/// "retransmit", "lifetime") for its whole life and re-arms it; scheduling and cancelling never allocate.
/// </summary>
public sealed class SipTimer
{
    /// <summary>Creates an unarmed timer that reports to <paramref name="handler"/>.</summary>
    public SipTimer(SipTimerQueue queue, ISipTimerHandler handler)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        Queue = queue;
        Handler = handler;
    }

    /// <summary>The queue this timer runs on.</summary>
    public SipTimerQueue Queue { get; }

    internal ISipTimerHandler Handler { get; }

    // The fields below are guarded by the queue's lock.
    private int _heapIndex = -1;

    internal int HeapIndex
    {
        get => _heapIndex;
        set => Volatile.Write(ref _heapIndex, value);
    }

    internal long DueTimestamp { get; set; }

    internal long Sequence { get; set; }

    internal int Version { get; set; }

    /// <summary>True while armed and not yet popped for expiry (a snapshot when read without the owner's lock).</summary>
    public bool IsScheduled => Volatile.Read(ref _heapIndex) >= 0;

    /// <summary>Arms (or re-arms) the timer to expire after <paramref name="delay"/>.</summary>
    public void Schedule(TimeSpan delay) => Queue.Schedule(this, delay);

    /// <summary>Disarms the timer; a no-op when it is not armed.</summary>
    public void Cancel() => Queue.Cancel(this);
}
