using Appliance.Media.Pacing;

namespace Appliance.Media.Tests.Pacing;

/// <summary>Remembers every tick it gets (preallocated, so recording does not allocate).</summary>
internal sealed class RecordingStream(int capacity = 4096) : IPacedStream
{
    private readonly PacerTick[] _ticks = new PacerTick[capacity];

    public int Count { get; private set; }

    public Action? OnTickAction { get; init; }

    public ReadOnlySpan<PacerTick> Ticks => _ticks.AsSpan(0, Count);

    public void OnTick(in PacerTick tick)
    {
        _ticks[Count++] = tick;
        OnTickAction?.Invoke();
    }
}
