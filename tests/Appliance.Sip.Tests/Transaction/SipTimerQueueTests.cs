using Appliance.Sip.Transaction;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Sip.Tests.Transaction;

public sealed class SipTimerQueueTests
{
    private sealed class Recorder(FakeTimeProvider clock) : ISipTimerHandler
    {
        private readonly DateTimeOffset _start = clock.GetUtcNow();

        public List<(SipTimer Timer, TimeSpan At)> Fired { get; } = [];

        public Action<SipTimer>? OnFire { get; set; }

        public void OnTimerExpired(SipTimerExpiry expiry)
        {
            Assert.True(expiry.IsCurrent);
            Fired.Add((expiry.Timer, clock.GetUtcNow() - _start));
            OnFire?.Invoke(expiry.Timer);
        }
    }

    /// <summary>Counts the ITimers created, to prove one underlying timer serves every SipTimer.</summary>
    private sealed class CountingTimeProvider(FakeTimeProvider inner) : TimeProvider
    {
        public int TimersCreated { get; private set; }

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            return inner.CreateTimer(callback, state, dueTime, period);
        }
    }

    [Fact]
    public void Fires_in_deadline_order_with_fifo_ties()
    {
        var clock = new FakeTimeProvider();
        using var queue = new SipTimerQueue(clock);
        var recorder = new Recorder(clock);
        var late = new SipTimer(queue, recorder);
        var early = new SipTimer(queue, recorder);
        var tieFirst = new SipTimer(queue, recorder);
        var tieSecond = new SipTimer(queue, recorder);
        late.Schedule(TimeSpan.FromSeconds(3));
        early.Schedule(TimeSpan.FromSeconds(1));
        tieFirst.Schedule(TimeSpan.FromSeconds(2));
        tieSecond.Schedule(TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([early, tieFirst, tieSecond, late], recorder.Fired.Select(f => f.Timer));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Does_not_fire_before_due()
    {
        var clock = new FakeTimeProvider();
        using var queue = new SipTimerQueue(clock);
        var recorder = new Recorder(clock);
        var timer = new SipTimer(queue, recorder);
        timer.Schedule(TimeSpan.FromMilliseconds(500));

        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Empty(recorder.Fired);
        Assert.True(timer.IsScheduled);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(recorder.Fired);
        Assert.False(timer.IsScheduled);
    }

    [Fact]
    public void Cancel_and_reschedule()
    {
        var clock = new FakeTimeProvider();
        using var queue = new SipTimerQueue(clock);
        var recorder = new Recorder(clock);
        var cancelled = new SipTimer(queue, recorder);
        var moved = new SipTimer(queue, recorder);
        cancelled.Schedule(TimeSpan.FromSeconds(1));
        moved.Schedule(TimeSpan.FromSeconds(1));
        cancelled.Cancel();
        moved.Schedule(TimeSpan.FromSeconds(4));
        cancelled.Cancel();

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty(recorder.Fired);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([(moved, TimeSpan.FromSeconds(4))], recorder.Fired);
    }

    [Fact]
    public void Rescheduling_earlier_rearms_the_underlying_timer()
    {
        var clock = new FakeTimeProvider();
        using var queue = new SipTimerQueue(clock);
        var recorder = new Recorder(clock);
        var timer = new SipTimer(queue, recorder);
        timer.Schedule(TimeSpan.FromSeconds(10));
        timer.Schedule(TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([(timer, TimeSpan.FromSeconds(1))], recorder.Fired);
    }

    [Fact]
    public void Handler_may_rearm_its_own_timer()
    {
        var clock = new FakeTimeProvider();
        using var queue = new SipTimerQueue(clock);
        var recorder = new Recorder(clock);
        var timer = new SipTimer(queue, recorder);
        recorder.OnFire = t =>
        {
            if (recorder.Fired.Count < 3)
            {
                t.Schedule(TimeSpan.FromSeconds(1));
            }
        };
        timer.Schedule(TimeSpan.FromSeconds(1));

        for (int i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal([1.0, 2.0, 3.0], recorder.Fired.Select(f => f.At.TotalSeconds));
    }

    [Fact]
    public void Expiry_is_stale_once_cancelled_or_rescheduled_after_pop()
    {
        var clock = new FakeTimeProvider();
        using var queue = new SipTimerQueue(clock);
        var recorder = new Recorder(clock);
        var timer = new SipTimer(queue, recorder);
        timer.Schedule(TimeSpan.FromSeconds(1));

        var expiry = new SipTimerExpiry(timer, timer.Version);
        Assert.True(expiry.IsCurrent);
        timer.Cancel();
        Assert.False(expiry.IsCurrent);

        timer.Schedule(TimeSpan.FromSeconds(1));
        var second = new SipTimerExpiry(timer, timer.Version);
        timer.Schedule(TimeSpan.FromSeconds(2));
        Assert.False(second.IsCurrent);
    }

    [Fact]
    public void One_underlying_timer_serves_all_sip_timers()
    {
        var fake = new FakeTimeProvider();
        var counting = new CountingTimeProvider(fake);
        using var queue = new SipTimerQueue(counting);
        var recorder = new Recorder(fake);
        for (int i = 0; i < 1000; i++)
        {
            new SipTimer(queue, recorder).Schedule(TimeSpan.FromMilliseconds(1 + (i % 97)));
        }

        fake.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, counting.TimersCreated);
        Assert.Equal(1000, recorder.Fired.Count);
    }

    [Fact]
    public void Dispose_stops_all_timers()
    {
        var clock = new FakeTimeProvider();
        var queue = new SipTimerQueue(clock);
        var recorder = new Recorder(clock);
        var timer = new SipTimer(queue, recorder);
        timer.Schedule(TimeSpan.FromSeconds(1));

        queue.Dispose();
        timer.Schedule(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(recorder.Fired);
        Assert.False(timer.IsScheduled);
    }

    [Fact]
    public void Schedule_and_cancel_do_not_allocate()
    {
        var clock = new FakeTimeProvider();
        using var queue = new SipTimerQueue(clock);
        var recorder = new Recorder(clock);
        var timers = new SipTimer[32];
        for (int i = 0; i < timers.Length; i++)
        {
            timers[i] = new SipTimer(queue, recorder);
        }

        void Churn()
        {
            for (int round = 0; round < 100; round++)
            {
                for (int i = 0; i < timers.Length; i++)
                {
                    timers[i].Schedule(TimeSpan.FromMilliseconds(1000 + ((i * 37 + round) % 500)));
                }

                for (int i = 0; i < timers.Length; i += 2)
                {
                    timers[i].Cancel();
                }
            }
        }

        Churn();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Churn();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(queue.IsHeapValid());
    }

    [Fact]
    public void Random_operations_match_a_reference_model()
    {
        var random = new Random(1234);
        var clock = new FakeTimeProvider();
        using var queue = new SipTimerQueue(clock);
        var recorder = new Recorder(clock);
        var timers = new SipTimer[200];
        var expectedDue = new Dictionary<SipTimer, long>();
        var ticket = new Dictionary<SipTimer, long>();
        long sequence = 0;
        long nowMs = 0;
        for (int i = 0; i < timers.Length; i++)
        {
            timers[i] = new SipTimer(queue, recorder);
        }

        var expectedOrder = new List<SipTimer>();
        for (int step = 0; step < 5000; step++)
        {
            SipTimer timer = timers[random.Next(timers.Length)];
            switch (random.Next(4))
            {
                case 0 or 1:
                    int delay = random.Next(1, 2000);
                    timer.Schedule(TimeSpan.FromMilliseconds(delay));
                    expectedDue[timer] = nowMs + delay;
                    ticket[timer] = sequence++;
                    break;
                case 2:
                    timer.Cancel();
                    expectedDue.Remove(timer);
                    break;
                default:
                    int advance = random.Next(0, 300);
                    nowMs += advance;
                    expectedOrder.AddRange(expectedDue.Where(e => e.Value <= nowMs)
                        .OrderBy(e => e.Value).ThenBy(e => ticket[e.Key]).Select(e => e.Key));
                    foreach (SipTimer due in expectedDue.Where(e => e.Value <= nowMs).Select(e => e.Key).ToList())
                    {
                        expectedDue.Remove(due);
                    }

                    // One Advance per expiry batch: FakeTimeProvider fires once per Advance, the queue drains all due timers.
                    clock.Advance(TimeSpan.FromMilliseconds(advance));
                    break;
            }

            Assert.True(queue.IsHeapValid());
        }

        Assert.Equal(expectedOrder, recorder.Fired.Select(f => f.Timer));
        Assert.Equal(expectedDue.Count, queue.Count);
    }

    [Fact]
    public async Task Concurrent_schedule_cancel_and_expiry_keep_the_heap_consistent()
    {
        var clock = new FakeTimeProvider();
        using var queue = new SipTimerQueue(clock);
        var handler = new CountingHandler();
        const int Threads = 4;
        const int PerThread = 50;
        var owned = new SipTimer[Threads][];
        for (int t = 0; t < Threads; t++)
        {
            owned[t] = new SipTimer[PerThread];
            for (int i = 0; i < PerThread; i++)
            {
                owned[t][i] = new SipTimer(queue, handler);
            }
        }

        using var stop = new CancellationTokenSource();
        Task advancing = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }
        });
        Parallel.For(0, Threads, t =>
        {
            var random = new Random(t);
            for (int n = 0; n < 20_000; n++)
            {
                SipTimer timer = owned[t][random.Next(PerThread)];
                if (random.Next(3) == 0)
                {
                    timer.Cancel();
                }
                else
                {
                    timer.Schedule(TimeSpan.FromMilliseconds(random.Next(1, 20)));
                }
            }
        });
        await stop.CancelAsync();
        await advancing;

        int armed = owned.Sum(row => row.Count(timer => timer.IsScheduled));
        Assert.True(queue.IsHeapValid());
        Assert.Equal(armed, queue.Count);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Count);
        Assert.True(handler.Count > 0);
    }

    private sealed class CountingHandler : ISipTimerHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnTimerExpired(SipTimerExpiry expiry) => Interlocked.Increment(ref _count);
    }
}
