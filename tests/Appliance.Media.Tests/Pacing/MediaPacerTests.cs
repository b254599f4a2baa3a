using Appliance.Media.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Media.Tests.Pacing;

public class MediaPacerTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new();

    /// <summary>Advances the virtual clock in pacer-sized steps, running one wake-up per step.</summary>
    private static void Run(FakeTimeProvider time, MediaPacer pacer, int steps, double stepMs = 5)
    {
        for (int i = 0; i < steps; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(stepMs));
            pacer.ProcessDue();
        }
    }

    [Fact]
    public void Each_stream_ticks_every_20_ms_exactly_on_its_due_grid()
    {
        var pacer = new MediaPacer(_time);
        var stream = new RecordingStream();
        pacer.Register(stream);

        Run(_time, pacer, 400);

        ReadOnlySpan<PacerTick> ticks = stream.Ticks;
        // Registered at time 0 and run for 2000 ms: ticks at 0, 20, ..., 2000.
        Assert.Equal(101, ticks.Length);
        Assert.Equal(TimeSpan.Zero, ticks[0].Due);
        for (int i = 0; i < ticks.Length; i++)
        {
            Assert.Equal(ticks[0].Due + (20 * i * Ms), ticks[i].Due);
            // The first wake-up is at 5 ms; from then on every tick runs in the wake-up at its due time.
            Assert.Equal(i == 0 ? 5 * Ms : TimeSpan.Zero, ticks[i].Now - ticks[i].Due);
            Assert.Equal(0, ticks[i].SkippedFrames);
        }
    }

    [Fact]
    public void New_streams_are_spread_over_the_frame_period()
    {
        var pacer = new MediaPacer(_time);
        var streams = Enumerable.Range(0, 8).Select(_ => new RecordingStream()).ToArray();
        foreach (RecordingStream stream in streams)
        {
            pacer.Register(stream);
        }

        Run(_time, pacer, 8);

        // Two streams per 5 ms phase: at most 2 callbacks per wake-up instead of 8 every 20 ms.
        double[] phases = streams.Select(s => s.Ticks[0].Due.TotalMilliseconds % 20).Order().ToArray();
        Assert.Equal([0, 0, 5, 5, 10, 10, 15, 15], phases);
        Assert.Equal(8, pacer.Count);
    }

    [Fact]
    public void Late_wake_ups_are_caught_up_without_bursts_or_drift()
    {
        var pacer = new MediaPacer(_time);
        var stream = new RecordingStream();
        pacer.Register(stream);
        Run(_time, pacer, 4);
        Assert.Equal(2, stream.Count);

        // The pacer thread is stalled for 67 ms (frames due at 40, 60, 80 ms), then resumes its 5 ms cadence.
        _time.Advance(67 * Ms);
        pacer.ProcessDue();
        int afterStall = stream.Count;
        Run(_time, pacer, 40);

        // At most two frames in the late wake-up (87 ms); the third follows in the next one (92 ms).
        Assert.Equal(4, afterStall);
        Assert.Equal(92 * Ms, stream.Ticks[4].Now);
        ReadOnlySpan<PacerTick> ticks = stream.Ticks;
        for (int i = 1; i < ticks.Length; i++)
        {
            Assert.Equal(20 * Ms, ticks[i].Due - ticks[i - 1].Due);
        }

        // Caught up: the last tick ran in the same wake-up it was due in.
        Assert.InRange(ticks[^1].Now - ticks[^1].Due, TimeSpan.Zero, 5 * Ms);
        Assert.Equal(ticks[0].Due + ((ticks.Length - 1) * 20 * Ms), ticks[^1].Due);
    }

    [Fact]
    public void A_stall_beyond_max_lag_skips_frames_and_reports_them()
    {
        var pacer = new MediaPacer(_time);
        var stream = new RecordingStream();
        pacer.Register(stream);
        Run(_time, pacer, 4);

        _time.Advance(TimeSpan.FromMilliseconds(1000));
        pacer.ProcessDue();
        Run(_time, pacer, 8);

        ReadOnlySpan<PacerTick> ticks = stream.Ticks;
        int skipped = 0;
        for (int i = 1; i < ticks.Length; i++)
        {
            // Phase is kept, and every frame period is either ticked or reported as skipped.
            Assert.Equal((20 * Ms) * (1 + ticks[i].SkippedFrames), ticks[i].Due - ticks[i - 1].Due);
            skipped += ticks[i].SkippedFrames;
        }

        Assert.InRange(skipped, 40, 50);
        Assert.True(ticks[^1].Now - ticks[^1].Due < 5 * Ms);
    }

    [Fact]
    public void Disposed_registration_gets_no_more_ticks()
    {
        var pacer = new MediaPacer(_time);
        var kept = new RecordingStream();
        var removed = new RecordingStream();
        pacer.Register(kept);
        PacerRegistration registration = pacer.Register(removed);
        Run(_time, pacer, 8);
        int before = removed.Count;

        registration.Dispose();
        registration.Dispose();
        Run(_time, pacer, 8);

        Assert.Equal(before, removed.Count);
        Assert.Equal(5, kept.Count);
        Assert.Equal(1, pacer.Count);
    }

    [Fact]
    public void A_throwing_stream_is_counted_and_others_keep_ticking()
    {
        var pacer = new MediaPacer(_time);
        var faulty = new RecordingStream { OnTickAction = () => throw new InvalidOperationException("boom") };
        var healthy = new RecordingStream();
        pacer.Register(faulty);
        pacer.Register(healthy);

        Run(_time, pacer, 8);

        Assert.Equal(3, faulty.Count);
        Assert.Equal(2, healthy.Count);
        Assert.Equal(3, pacer.Faults);
    }

    [Fact]
    public void Tick_pass_allocates_nothing()
    {
        var pacer = new MediaPacer(_time);
        var streams = Enumerable.Range(0, 100).Select(_ => new RecordingStream(1000)).ToArray();
        foreach (RecordingStream stream in streams)
        {
            pacer.Register(stream);
        }

        Run(_time, pacer, 8);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(_time, pacer, 400);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        // 2040 ms: the 25 streams at phase 0 ms got 103 ticks, the other 75 (phases 5, 10, 15 ms) 102.
        Assert.Equal((25 * 103) + (75 * 102), streams.Sum(s => s.Count));
    }

    [Fact]
    public async Task Registration_is_thread_safe_while_ticking()
    {
        var pacer = new MediaPacer(_time);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                using PacerRegistration registration = pacer.Register(new CadenceStream());
            }
        })).ToArray();
        var persistent = new CadenceStream();
        pacer.Register(persistent);

        Task all = Task.WhenAll(workers);
        while (!all.IsCompleted)
        {
            Run(_time, pacer, 1);
        }

        await all;
        Assert.Equal(1, pacer.Count);
        Assert.Equal(0, pacer.Faults);
        Assert.True(persistent.Count > 0);
        Assert.Equal(0, persistent.Irregular);
    }

    [Fact]
    public async Task Run_loop_ticks_streams_from_the_injected_time_provider()
    {
        var pacer = new MediaPacer(_time);
        using var ticked = new SemaphoreSlim(0);
        var stream = new RecordingStream { OnTickAction = () => ticked.Release() };
        pacer.Register(stream);
        using var stop = new CancellationTokenSource();
        Task loop = pacer.RunAsync(stop.Token);

        for (int i = 0; i < 3; i++)
        {
            // Advance one tick interval at a time until the stream's next frame has been delivered.
            while (!await ticked.WaitAsync(TimeSpan.FromMilliseconds(5)))
            {
                _time.Advance(5 * Ms);
            }
        }

        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(5));
        // A slow continuation may let one more advance through before cancellation; the cadence is what matters.
        Assert.InRange(stream.Count, 3, 4);
        Assert.Equal(40 * Ms, stream.Ticks[2].Due - stream.Ticks[0].Due);
    }

    [Fact]
    public void Tick_interval_must_divide_the_frame()
    {
        Assert.Throws<ArgumentException>(() => new MediaPacer(_time, new MediaPacerOptions { TickInterval = TimeSpan.FromMilliseconds(7) }));
    }

    /// <summary>Counts ticks and how many were not exactly one frame after the previous one; keeps nothing else.</summary>
    private sealed class CadenceStream : IPacedStream
    {
        private TimeSpan _previous = TimeSpan.MinValue;

        public int Count { get; private set; }

        public int Irregular { get; private set; }

        public void OnTick(in PacerTick tick)
        {
            if (_previous != TimeSpan.MinValue && tick.Due - _previous != TimeSpan.FromMilliseconds(20))
            {
                Irregular++;
            }

            _previous = tick.Due;
            Count++;
        }
    }
}
