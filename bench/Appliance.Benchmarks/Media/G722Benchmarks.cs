using Appliance.Media.Codecs;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Media;

/// <summary>G.722 on one 20 ms frame (320 samples at 16 kHz ↔ 160 bytes).</summary>
[MemoryDiagnoser]
public class G722Benchmarks
{
    private readonly short[] _pcm = new short[320];
    private readonly byte[] _payload = new byte[160];
    private readonly short[] _decoded = new short[320];
    private readonly G722Encoder _encoder = new();
    private readonly G722Decoder _decoder = new();

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _pcm.Length; i++)
        {
            _pcm[i] = (short)((8000 * Math.Sin(i * 0.3)) + (3000 * Math.Sin(i * 1.7)));
        }

        _encoder.Encode(_pcm, _payload);
    }

    [Benchmark]
    public int Encode() => _encoder.Encode(_pcm, _payload);

    [Benchmark]
    public int Decode() => _decoder.Decode(_payload, _decoded);
}
