using Appliance.Media.Pacing;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Media;

/// <summary>One 5 ms pacer wake-up with 1000 registered calls (a quarter of them due per wake-up).</summary>
[MemoryDiagnoser]
public class MediaPacerBenchmarks
{
    private readonly SteppedTimeProvider _time = new();
    private MediaPacer _pacer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pacer = new MediaPacer(_time);
        for (int i = 0; i < 1000; i++)
        {
            _pacer.Register(new NullStream());
        }
    }

    [Benchmark]
    public void WakeUp()
    {
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _pacer.ProcessDue();
    }

    /// <summary>A clock that only moves when told to (the benchmark project does not reference the testing package).</summary>
    private sealed class SteppedTimeProvider : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan delta) => _ticks += delta.Ticks;
    }

    private sealed class NullStream : IPacedStream
    {
        public void OnTick(in PacerTick tick)
        {
        }
    }
}
