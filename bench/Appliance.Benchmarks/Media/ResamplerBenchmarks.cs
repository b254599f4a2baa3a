using Appliance.Media.Resampling;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Media;

/// <summary>One 20 ms frame of 16-bit PCM through a streaming resampler.</summary>
[MemoryDiagnoser]
public class ResamplerBenchmarks
{
    private Resampler _resampler = null!;
    private short[] _input = null!;
    private short[] _output = null!;

    [Params("8000-16000", "16000-8000", "8000-24000", "24000-8000", "16000-48000")]
    public string Rates { get; set; } = "8000-16000";

    [GlobalSetup]
    public void Setup()
    {
        string[] rates = Rates.Split('-');
        int input = int.Parse(rates[0], System.Globalization.CultureInfo.InvariantCulture);
        int output = int.Parse(rates[1], System.Globalization.CultureInfo.InvariantCulture);
        _resampler = new Resampler(input, output);
        _input = new short[input / 50];
        _output = new short[output / 50];
        var random = new Random(1);
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (short)random.Next(-10000, 10000);
        }
    }

    [Benchmark]
    public int Frame20ms() => _resampler.Process(_input, _output);
}
