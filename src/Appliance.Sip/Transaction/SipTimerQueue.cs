namespace Appliance.Sip.Transaction;

/// <summary>
/// One binary min-heap of <see cref="SipTimer"/>s for every transaction, driven by a single <see cref="ITimer"/>
/// from the injected <see cref="TimeProvider"/> that is re-armed for the earliest deadline. Schedule, re-schedule and
/// cancel are O(log n) and allocation-free (the heap array only grows).
/// </summary>
/// <remarks>
/// Thread-safety: every member may be called from any thread. The heap is guarded by an internal lock that is never
/// held while a handler runs, so handlers may schedule or cancel timers (their own or others') freely. Expired timers
/// are handed to <see cref="ISipTimerHandler.OnTimerExpired"/> one at a time, in deadline order (FIFO for equal
/// deadlines), on the provider's timer thread; see <see cref="SipTimerExpiry.IsCurrent"/> for the cancel race.
/// </remarks>
public sealed class SipTimerQueue : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private SipTimer[] _heap = new SipTimer[64];
    private int _count;
    private long _sequence;
    private long _armedTimestamp = long.MaxValue;
    private bool _disposed;

    /// <summary>Creates the queue and its single underlying timer.</summary>
    public SipTimerQueue(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _timer = timeProvider.CreateTimer(static state => ((SipTimerQueue)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The clock the queue runs on.</summary>
    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Number of armed timers.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Arms (or re-arms) <paramref name="timer"/> to expire after <paramref name="delay"/> (negative = now).</summary>
    public void Schedule(SipTimer timer, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (!ReferenceEquals(timer.Queue, this))
        {
            throw new ArgumentException("The timer belongs to another queue.", nameof(timer));
        }

        long now = _timeProvider.GetTimestamp();
        long due = delay <= TimeSpan.Zero ? now : now + ToTimestampDelta(delay);
        lock (_lock)
        {
            timer.Version++;
            if (_disposed)
            {
                return;
            }

            timer.DueTimestamp = due;
            timer.Sequence = _sequence++;
            if (timer.HeapIndex >= 0)
            {
                Restore(timer.HeapIndex);
            }
            else
            {
                Push(timer);
            }

            if (due < _armedTimestamp)
            {
                Arm(now);
            }
        }
    }

    /// <summary>Disarms <paramref name="timer"/>; a pending expiry already popped is invalidated (see <see cref="SipTimerExpiry.IsCurrent"/>).</summary>
    public void Cancel(SipTimer timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        lock (_lock)
        {
            timer.Version++;
            if (timer.HeapIndex >= 0)
            {
                RemoveAt(timer.HeapIndex);
            }

            // The underlying timer stays armed for the old deadline: a spurious wake-up is cheaper than a Change call.
        }
    }

    /// <summary>Stops the underlying timer; armed timers never fire afterwards.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_count > 0)
            {
                RemoveAt(_count - 1);
            }
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        while (true)
        {
            SipTimerExpiry expiry;
            lock (_lock)
            {
                _armedTimestamp = long.MaxValue;
                if (_disposed || _count == 0)
                {
                    return;
                }

                long now = _timeProvider.GetTimestamp();
                SipTimer first = _heap[0];
                if (first.DueTimestamp > now)
                {
                    Arm(now);
                    return;
                }

                RemoveAt(0);
                expiry = new SipTimerExpiry(first, first.Version);
            }

            expiry.Timer.Handler.OnTimerExpired(expiry);
        }
    }

    // Caller holds _lock and _count > 0.
    private void Arm(long now)
    {
        long due = _heap[0].DueTimestamp;
        _armedTimestamp = due;

        // Rounded up to whole milliseconds and never zero: a real Timer truncates to milliseconds (firing early and
        // spinning), and a zero due time could make a fake clock fire synchronously inside Schedule.
        double remainingMs = _timeProvider.GetElapsedTime(now, due).TotalMilliseconds;
        _timer.Change(TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(remainingMs))), Timeout.InfiniteTimeSpan);
    }

    private long ToTimestampDelta(TimeSpan delay)
    {
        long frequency = _timeProvider.TimestampFrequency;
        return frequency == TimeSpan.TicksPerSecond
            ? delay.Ticks
            : (long)Math.Ceiling(delay.Ticks * (double)frequency / TimeSpan.TicksPerSecond);
    }

    private void Push(SipTimer timer)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        _heap[_count] = timer;
        timer.HeapIndex = _count;
        _count++;
        SiftUp(_count - 1);
    }

    private void RemoveAt(int index)
    {
        SipTimer removed = _heap[index];
        removed.HeapIndex = -1;
        _count--;
        if (index != _count)
        {
            SipTimer last = _heap[_count];
            _heap[index] = last;
            last.HeapIndex = index;
            _heap[_count] = null!;
            Restore(index);
        }
        else
        {
            _heap[_count] = null!;
        }
    }

    private void Restore(int index)
    {
        if (index > 0 && Less(_heap[index], _heap[(index - 1) / 2]))
        {
            SiftUp(index);
        }
        else
        {
            SiftDown(index);
        }
    }

    private void SiftUp(int index)
    {
        SipTimer item = _heap[index];
        while (index > 0)
        {
            int parent = (index - 1) / 2;
            SipTimer parentItem = _heap[parent];
            if (!Less(item, parentItem))
            {
                break;
            }

            _heap[index] = parentItem;
            parentItem.HeapIndex = index;
            index = parent;
        }

        _heap[index] = item;
        item.HeapIndex = index;
    }

    private void SiftDown(int index)
    {
        SipTimer item = _heap[index];
        while (true)
        {
            int child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            SipTimer childItem = _heap[child];
            if (!Less(childItem, item))
            {
                break;
            }

            _heap[index] = childItem;
            childItem.HeapIndex = index;
            index = child;
        }

        _heap[index] = item;
        item.HeapIndex = index;
    }

    private static bool Less(SipTimer a, SipTimer b) =>
        a.DueTimestamp < b.DueTimestamp || (a.DueTimestamp == b.DueTimestamp && a.Sequence < b.Sequence);

    /// <summary>Checks the heap invariants (tests).</summary>
    internal bool IsHeapValid()
    {
        lock (_lock)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_heap[i].HeapIndex != i || (i > 0 && Less(_heap[i], _heap[(i - 1) / 2])))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
