using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Appliance.Pipeline.Vad;

/// <summary>
/// One stream's Silero VAD v5: 32 ms chunks in, speech probability out, with the LSTM state and the 4 ms
/// context carried between chunks exactly as the reference streaming wrapper does. Every buffer is allocated
/// here, so <see cref="Process"/> never allocates. Not thread-safe: one instance per call.
/// </summary>
public sealed class SileroVad
{
    private const int Hidden = SileroBranch.Hidden;
    private const int Frames = SileroBranch.Frames;

    private readonly SileroBranch _net;

    // [context | chunk | reflection pad]: the STFT frames are overlapping slices of it.
    private readonly float[] _window;
    private readonly float[] _fftScratch;

    // Layer inputs are time-major [frame][channel] with one zero frame either side (the convolutions' padding).
    private readonly float[] _enc0In;
    private readonly float[] _enc1In;
    private readonly float[] _enc2In;
    private readonly float[] _enc3In;

    // [x | h]: the encoder writes x, the cell writes h, and the gate matmul reads both in one pass.
    private readonly float[] _lstmIn = new float[2 * Hidden];
    private readonly float[] _cell = new float[Hidden];
    private readonly float[] _gates = new float[SileroBranch.GateRows];

    /// <summary>Creates a detector for 8000 or 16000 Hz audio over shared <paramref name="model"/> weights.</summary>
    public SileroVad(SileroModel model, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(model);
        _net = model.ForRate(sampleRate);
        _window = new float[_net.ContextSamples + _net.ChunkSamples + (_net.FilterLength / 4)];
        _fftScratch = new float[_net.Stft.ScratchLength];
        _enc0In = new float[(Frames + 2) * _net.Bins];
        _enc1In = new float[(Frames + 2) * SileroBranch.Enc0Out];
        _enc2In = new float[((Frames / 2) + 2) * SileroBranch.Enc1Out];
        _enc3In = new float[(1 + 2) * SileroBranch.Enc2Out];
    }

    /// <summary>8000 or 16000.</summary>
    public int SampleRate => _net.SampleRate;

    /// <summary>Samples per <see cref="Process"/> call: 512 at 16 kHz, 256 at 8 kHz (32 ms).</summary>
    public int ChunkSamples => _net.ChunkSamples;

    /// <summary>Runs the model on the next 32 ms of audio (floats in [-1, 1]) and returns the speech probability.</summary>
    public float Process(ReadOnlySpan<float> chunk)
    {
        if (chunk.Length != _net.ChunkSamples)
        {
            ThrowChunkLength(chunk.Length, nameof(chunk));
        }

        SileroBranch net = _net;
        int context = net.ContextSamples;
        int bins = net.Bins;
        chunk.CopyTo(_window.AsSpan(context));
        ReflectPad(_window, context + chunk.Length);
        net.Stft.Magnitudes(_window, _fftScratch, _enc0In.AsSpan(bins));

        // Encoder: k=3, pad 1 convolutions with strides 1, 2, 2, 1 over 4 → 4 → 2 → 1 → 1 frames, each + ReLU.
        // Output step t reads input frames s·t−1 … s·t+1 (s = stride): a contiguous slice of the zero-padded input.
        const int c0 = SileroBranch.Enc0Out, c1 = SileroBranch.Enc1Out, c2 = SileroBranch.Enc2Out;
        const int lanes = VadKernels.Lanes;
        VadKernels.MatMul(net.Enc0, net.Enc0Bias, c0 / lanes, 3 * bins, _enc0In, bins, Frames, _enc1In.AsSpan(c0), c0, relu: true, skipZeroInputs: false);
        VadKernels.MatMul(net.Enc1, net.Enc1Bias, c1 / lanes, 3 * c0, _enc1In, 2 * c0, Frames / 2, _enc2In.AsSpan(c1), c1, relu: true, skipZeroInputs: true);
        VadKernels.MatMul(net.Enc2, net.Enc2Bias, c2 / lanes, 3 * c1, _enc2In, 0, 1, _enc3In.AsSpan(c2), c2, relu: true, skipZeroInputs: true);
        VadKernels.MatMul(net.Enc3, net.Enc3Bias, Hidden / lanes, 3 * c2, _enc3In, 0, 1, _lstmIn, Hidden, relu: true, skipZeroInputs: true);

        // LSTM cell on the single remaining frame, then ReLU → 1x1 conv → sigmoid (the graph's mean is over one step).
        VadKernels.MatMul(net.Lstm, net.LstmBias, SileroBranch.GateRows / lanes, 2 * Hidden, _lstmIn, 0, 1, _gates, 0, relu: false, skipZeroInputs: true);
        float logit = CellAndDecoder(net.DecoderWeight) + net.DecoderBias;

        // The next chunk's context is the tail of this chunk.
        _window.AsSpan(chunk.Length, context).CopyTo(_window);
        return 1f / (1f + MathF.Exp(-logit));
    }

    /// <summary>Forgets the LSTM state and the context, as at the start of a new stream.</summary>
    public void Reset()
    {
        Array.Clear(_window);
        Array.Clear(_lstmIn);
        Array.Clear(_cell);
    }

    /// <summary>Reflection-pads the right edge by a quarter filter, as the graph's Pad(mode=reflect) does.</summary>
    private void ReflectPad(float[] window, int length)
    {
        int pad = _net.FilterLength / 4;
        for (int j = 0; j < pad; j++)
        {
            window[length + j] = window[length - 2 - j];
        }
    }

    /// <summary>LSTM cell update from the gates (PyTorch order i, f, g, o), then the decoder's ReLU and 1x1 conv.</summary>
    private float CellAndDecoder(float[] decoderWeight)
    {
        ref float gates = ref MemoryMarshal.GetArrayDataReference(_gates);
        ref float cell = ref MemoryMarshal.GetArrayDataReference(_cell);
        ref float hidden = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_lstmIn), Hidden);
        ref float dw = ref MemoryMarshal.GetArrayDataReference(decoderWeight);
        Vector256<float> logit = Vector256<float>.Zero;
        for (int j = 0; j < Hidden; j += VadKernels.Lanes)
        {
            Vector256<float> i = VadKernels.Sigmoid(Vector256.LoadUnsafe(ref gates, (nuint)j));
            Vector256<float> f = VadKernels.Sigmoid(Vector256.LoadUnsafe(ref gates, (nuint)(Hidden + j)));
            Vector256<float> g = VadKernels.Tanh(Vector256.LoadUnsafe(ref gates, (nuint)((2 * Hidden) + j)));
            Vector256<float> o = VadKernels.Sigmoid(Vector256.LoadUnsafe(ref gates, (nuint)((3 * Hidden) + j)));
            Vector256<float> c = (f * Vector256.LoadUnsafe(ref cell, (nuint)j)) + (i * g);
            Vector256<float> h = o * VadKernels.Tanh(c);
            c.StoreUnsafe(ref cell, (nuint)j);
            h.StoreUnsafe(ref hidden, (nuint)j);
            logit += Vector256.MaxNative(h, Vector256<float>.Zero) * Vector256.LoadUnsafe(ref dw, (nuint)j);
        }

        return Vector256.Sum(logit);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowChunkLength(int length, string paramName) =>
        throw new ArgumentException($"Silero VAD at {_net.SampleRate} Hz takes {_net.ChunkSamples}-sample chunks, not {length}.", paramName);
}
