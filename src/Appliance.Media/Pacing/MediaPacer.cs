namespace Appliance.Media.Pacing;

/// <summary>
/// One pacer for every call: a single loop wakes every tick interval (5 ms) and calls each registered stream once per
/// frame period (20 ms). Streams live in a timer wheel of FrameDuration/TickInterval buckets keyed by the phase of
/// their due time; since each next due is the previous due plus one frame, a stream never changes bucket, never drifts,
/// and a wake-up only looks at the buckets whose time has come. New streams go to the least loaded phase, spreading
/// sends across the frame period. Registration is thread-safe (copy-on-write bucket arrays); a tick pass allocates nothing.
/// </summary>
public sealed class MediaPacer
{
    private readonly TimeProvider _timeProvider;
    private readonly MediaPacerOptions _options;
    private readonly long _start;
    private readonly PacerRegistration[][] _buckets;
    private readonly Lock _gate = new();
    private long _lastSlot = -1;
    private long _faults;

    // Set when some stream may be due outside the buckets the next pass would visit (catch-up, fresh registration).
    private volatile bool _scanAll;

    public MediaPacer(TimeProvider timeProvider, MediaPacerOptions? options = null)
    {
        _timeProvider = timeProvider;
        _options = options ?? new MediaPacerOptions();
        if (_options.TickInterval <= TimeSpan.Zero || _options.FrameDuration.Ticks % _options.TickInterval.Ticks != 0)
        {
            throw new ArgumentException("TickInterval must be positive and divide FrameDuration.", nameof(options));
        }

        _start = timeProvider.GetTimestamp();
        _buckets = new PacerRegistration[_options.FrameDuration.Ticks / _options.TickInterval.Ticks][];
        Array.Fill(_buckets, []);
    }

    /// <summary>The pacer's time line: elapsed since construction.</summary>
    public TimeSpan Now => _timeProvider.GetElapsedTime(_start);

    /// <summary>Exceptions thrown by <see cref="IPacedStream.OnTick"/>.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Registered streams.</summary>
    public int Count
    {
        get
        {
            int count = 0;
            for (int i = 0; i < _buckets.Length; i++)
            {
                count += Volatile.Read(ref _buckets[i]).Length;
            }

            return count;
        }
    }

    /// <summary>Starts ticking a stream; its first tick is due within one frame period, at the least loaded phase.</summary>
    public PacerRegistration Register(IPacedStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_gate)
        {
            long firstSlot = Math.Max(Volatile.Read(ref _lastSlot) + 1, SlotAt(Now));
            long best = firstSlot;
            for (long slot = firstSlot + 1; slot < firstSlot + _buckets.Length; slot++)
            {
                if (_buckets[BucketOf(slot)].Length < _buckets[BucketOf(best)].Length)
                {
                    best = slot;
                }
            }

            int bucket = BucketOf(best);
            var registration = new PacerRegistration(this, stream, bucket, _options.TickInterval * best);
            Volatile.Write(ref _buckets[bucket], [.. _buckets[bucket], registration]);
            _scanAll = true;
            return registration;
        }
    }

    /// <summary>Runs until cancelled, waking every tick interval. Callbacks run on this loop's thread-pool thread.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.TickInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                ProcessDue();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    /// <summary>One wake-up: ticks every stream whose due time has passed. Called by <see cref="RunAsync"/>; tests call it directly.</summary>
    internal void ProcessDue()
    {
        TimeSpan now = Now;
        long slot = SlotAt(now);
        long first = _lastSlot + 1;
        if (_scanAll || slot - first + 1 >= _buckets.Length)
        {
            _scanAll = false;
            first = Math.Max(0, slot - _buckets.Length + 1);
        }

        bool behind = false;
        for (long s = first; s <= slot; s++)
        {
            PacerRegistration[] bucket = Volatile.Read(ref _buckets[BucketOf(s)]);
            foreach (PacerRegistration registration in bucket)
            {
                behind |= Tick(registration, now);
            }
        }

        Volatile.Write(ref _lastSlot, slot);
        if (behind)
        {
            _scanAll = true;
        }
    }

    internal void Remove(PacerRegistration registration)
    {
        lock (_gate)
        {
            if (registration.Removed)
            {
                return;
            }

            registration.Removed = true;
            PacerRegistration[] bucket = _buckets[registration.Bucket];
            var remaining = new PacerRegistration[bucket.Length - 1];
            int i = 0;
            foreach (PacerRegistration other in bucket)
            {
                if (other != registration)
                {
                    remaining[i++] = other;
                }
            }

            Volatile.Write(ref _buckets[registration.Bucket], remaining);
        }
    }

    /// <summary>Fires the stream's due frames (bounded); returns true if it is still behind afterwards.</summary>
    private bool Tick(PacerRegistration registration, TimeSpan now)
    {
        TimeSpan frame = _options.FrameDuration;
        for (int fired = 0; fired < _options.MaxFramesPerWakeUp && registration.NextDue <= now && !registration.Removed; fired++)
        {
            TimeSpan lag = now - registration.NextDue;
            if (lag > _options.MaxLag)
            {
                // Too far behind to catch up without a burst: jump whole frames, keeping the phase.
                int skipped = (int)(lag.Ticks / frame.Ticks);
                registration.NextDue += frame * skipped;
                registration.PendingSkipped += skipped;
            }

            var tick = new PacerTick(registration.NextDue, now, registration.PendingSkipped);
            registration.PendingSkipped = 0;
            registration.NextDue += frame;
            try
            {
                registration.Stream.OnTick(in tick);
            }
#pragma warning disable CA1031 // One faulty stream must not stop the pacer for every other call; it is counted instead.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _faults);
            }
        }

        return registration.NextDue <= now && !registration.Removed;
    }

    private long SlotAt(TimeSpan time) => time.Ticks / _options.TickInterval.Ticks;

    private int BucketOf(long slot) => (int)(slot % _buckets.Length);
}
