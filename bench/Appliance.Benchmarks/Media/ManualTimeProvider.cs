namespace Appliance.Benchmarks.Media;

/// <summary>A clock the benchmark advances by hand (20 ms per simulated frame), so jitter and RTCP logic see real-time packet spacing.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => Origin.AddTicks(_ticks);

    public void Advance(TimeSpan delta) => _ticks += delta.Ticks;
}
