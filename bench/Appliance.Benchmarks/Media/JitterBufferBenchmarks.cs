using Appliance.Media.Jitter;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Media;

/// <summary>Steady state of one call: push one 160-byte G.711 payload and pop one frame every 20 ms.</summary>
[MemoryDiagnoser]
public class JitterBufferBenchmarks
{
    private readonly byte[] _payload = new byte[160];
    private readonly byte[] _destination = new byte[640];
    private JitterBuffer _buffer = null!;
    private ushort _sequence;
    private uint _timestamp;
    private TimeSpan _now;

    [GlobalSetup]
    public void Setup() => _buffer = new JitterBuffer(new JitterBufferOptions());

    [GlobalCleanup]
    public void Cleanup() => _buffer.Dispose();

    [Benchmark]
    public JitterFrameKind PushPop()
    {
        _buffer.Push(_now, 1, _sequence++, _timestamp, false, _payload);
        _timestamp += 160;
        JitterFrame frame = _buffer.Pop(_now, _destination);
        _now += TimeSpan.FromMilliseconds(20);
        return frame.Kind;
    }
}
