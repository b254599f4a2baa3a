using Appliance.Pipeline.Vad;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace Appliance.Benchmarks.Pipeline;

/// <summary>
/// One 32 ms Silero VAD v5 chunk: our managed forward pass vs ONNX Runtime (single thread, preallocated
/// OrtValues, state fed back) on the same embedded model and the same audio.
/// </summary>
[MemoryDiagnoser]
public class SileroVadBenchmarks : IDisposable
{
    private SileroVad _vad = null!;
    private float[] _chunk = null!;
    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private OrtValue[] _inputs = null!;
    private OrtValue[] _outputs = null!;
    private float[] _state = null!;
    private float[] _stateOut = null!;
    private float[] _window = null!;
    private readonly string[] _inputNames = ["input", "state", "sr"];
    private readonly string[] _outputNames = ["output", "stateN"];

    [Params(16000, 8000)]
    public int SampleRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _vad = new SileroVad(SileroModel.Embedded, SampleRate);
        _chunk = new float[_vad.ChunkSamples];
        var rng = new Random(42);
        for (int i = 0; i < _chunk.Length; i++)
        {
            // A voiced-like signal: harmonics of 150 Hz plus a little noise.
            double t = (double)i / SampleRate;
            _chunk[i] = (float)((0.3 * Math.Sin(2 * Math.PI * 150 * t)) + (0.1 * Math.Sin(2 * Math.PI * 450 * t)) + (0.02 * (rng.NextDouble() - 0.5)));
        }

        using Stream stream = typeof(SileroModel).Assembly.GetManifestResourceStream("Appliance.Pipeline.Vad.silero_vad_v5.onnx")!;
        var model = new byte[stream.Length];
        stream.ReadExactly(model);
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(model, options);
        _runOptions = new RunOptions();
        _window = new float[(SampleRate / 250) + _chunk.Length];
        _state = new float[256];
        _stateOut = new float[256];
        _inputs =
        [
            OrtValue.CreateTensorValueFromMemory(_window, [1, _window.Length]),
            OrtValue.CreateTensorValueFromMemory(_state, [2, 1, 128]),
            OrtValue.CreateTensorValueFromMemory(new long[] { SampleRate }, []),
        ];
        _outputs =
        [
            OrtValue.CreateTensorValueFromMemory(new float[1], [1, 1]),
            OrtValue.CreateTensorValueFromMemory(_stateOut, [2, 1, 128]),
        ];
    }

    [Benchmark(Baseline = true)]
    public float OnnxRuntime()
    {
        int context = _window.Length - _chunk.Length;
        _window.AsSpan(_chunk.Length, context).CopyTo(_window);
        _chunk.CopyTo(_window.AsSpan(context));
        _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);
        _stateOut.CopyTo(_state, 0);
        return _outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    [Benchmark]
    public float Managed() => _vad.Process(_chunk);

    [GlobalCleanup]
    public void Dispose()
    {
        foreach (OrtValue value in _inputs)
        {
            value.Dispose();
        }

        foreach (OrtValue value in _outputs)
        {
            value.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
        GC.SuppressFinalize(this);
    }
}
