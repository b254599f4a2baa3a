using Appliance.Media.Codecs;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Media;

/// <summary>G.711 on one 20 ms frame (160 samples).</summary>
[MemoryDiagnoser]
public class G711Benchmarks
{
    private readonly short[] _pcm = new short[160];
    private readonly byte[] _payload = new byte[160];
    private readonly short[] _decoded = new short[160];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(711);
        for (int i = 0; i < _pcm.Length; i++)
        {
            _pcm[i] = (short)random.Next(short.MinValue, short.MaxValue);
        }

        MuLaw.Encode(_pcm, _payload);
    }

    [Benchmark]
    public int MuLawEncode() => MuLaw.Encode(_pcm, _payload);

    [Benchmark]
    public int MuLawDecode() => MuLaw.Decode(_payload, _decoded);

    [Benchmark]
    public int ALawEncode() => ALaw.Encode(_pcm, _payload);

    [Benchmark]
    public int ALawDecode() => ALaw.Decode(_payload, _decoded);
}
