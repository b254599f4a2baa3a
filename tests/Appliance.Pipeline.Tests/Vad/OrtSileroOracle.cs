using Appliance.Pipeline.Vad;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Appliance.Pipeline.Tests.Vad;

/// <summary>
/// The reference: ONNX Runtime running the same embedded model file, driven the way the upstream streaming
/// wrapper does it (context prepended, state fed back). Test-only; the product never loads ORT.
/// </summary>
public sealed class OrtSileroOracle : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int _sampleRate;
    private readonly int _context;
    private readonly float[] _window;
    private float[] _state = new float[2 * 128];

    public OrtSileroOracle(int sampleRate)
    {
        using Stream stream = typeof(SileroModel).Assembly.GetManifestResourceStream("Appliance.Pipeline.Vad.silero_vad_v5.onnx")!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(bytes, options);
        _sampleRate = sampleRate;
        _context = sampleRate / 250;
        _window = new float[_context + (sampleRate / 1000 * 32)];
    }

    public float Process(ReadOnlySpan<float> chunk)
    {
        chunk.CopyTo(_window.AsSpan(_context));
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(_window.ToArray(), [1, _window.Length])),
            NamedOnnxValue.CreateFromTensor("state", new DenseTensor<float>(_state.ToArray(), [2, 1, 128])),
            NamedOnnxValue.CreateFromTensor("sr", new DenseTensor<long>(new long[] { _sampleRate }, ReadOnlySpan<int>.Empty)),
        };
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = _session.Run(inputs);
        float probability = results.Single(r => r.Name == "output").AsTensor<float>().Single();
        _state = [.. results.Single(r => r.Name == "stateN").AsTensor<float>()];
        _window.AsSpan(chunk.Length, _context).CopyTo(_window);
        return probability;
    }

    public void Dispose() => _session.Dispose();
}
