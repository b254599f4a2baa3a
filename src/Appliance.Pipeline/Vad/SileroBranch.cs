namespace Appliance.Pipeline.Vad;

/// <summary>
/// The weights of one sample-rate branch of the Silero v5 graph (the model's top-level <c>If(sr == 16000)</c>
/// holds a full copy of the network per rate), repacked at load for <see cref="VadKernels.MatMul"/>. Immutable.
/// </summary>
internal sealed class SileroBranch
{
    public const int Hidden = 128;
    public const int Frames = 4;
    public const int Kernel = 3;
    public const int Enc0Out = 128;
    public const int Enc1Out = 64;
    public const int Enc2Out = 64;
    public const int Enc3Out = Hidden;
    public const int GateRows = 4 * Hidden;

    private SileroBranch(int sampleRate, SileroWeightTable weights, string prefix)
    {
        SampleRate = sampleRate;
        ChunkSamples = sampleRate / 1000 * 32;
        ContextSamples = sampleRate / 250;
        FilterLength = sampleRate / 1000 * 16;
        Bins = (FilterLength / 2) + 1;

        // The graph's STFT is a Conv1d with a stored [2·bins, 1, filterLength] basis (rows: real, then imaginary).
        Stft = new SileroStft(weights.Get(prefix + "stft.forward_basis_buffer", 2 * Bins, 1, FilterLength), FilterLength);

        (Enc0, Enc0Bias) = PackConv(weights, prefix + "encoder.0.reparam_conv", Enc0Out, Bins);
        (Enc1, Enc1Bias) = PackConv(weights, prefix + "encoder.1.reparam_conv", Enc1Out, Enc0Out);
        (Enc2, Enc2Bias) = PackConv(weights, prefix + "encoder.2.reparam_conv", Enc2Out, Enc1Out);
        (Enc3, Enc3Bias) = PackConv(weights, prefix + "encoder.3.reparam_conv", Enc3Out, Enc2Out);

        // LSTM cell: gates = [W_ih | W_hh]·[x; h] + (b_ih + b_hh), in PyTorch gate order i, f, g, o.
        float[] wih = weights.Get(prefix + "decoder.rnn.weight_ih", GateRows, Hidden);
        float[] whh = weights.Get(prefix + "decoder.rnn.weight_hh", GateRows, Hidden);
        float[] bih = weights.Get(prefix + "decoder.rnn.bias_ih", GateRows);
        float[] bhh = weights.Get(prefix + "decoder.rnn.bias_hh", GateRows);
        var joined = new float[GateRows * 2 * Hidden];
        LstmBias = new float[GateRows];
        for (int r = 0; r < GateRows; r++)
        {
            wih.AsSpan(r * Hidden, Hidden).CopyTo(joined.AsSpan(r * 2 * Hidden));
            whh.AsSpan(r * Hidden, Hidden).CopyTo(joined.AsSpan((r * 2 * Hidden) + Hidden));
            LstmBias[r] = bih[r] + bhh[r];
        }

        Lstm = VadKernels.PackRows(joined, GateRows, 2 * Hidden);
        DecoderWeight = weights.Get(prefix + "decoder.decoder.2.weight", 1, Hidden, 1);
        DecoderBias = weights.Get(prefix + "decoder.decoder.2.bias", 1)[0];
    }

    public int SampleRate { get; }

    /// <summary>New samples per inference: 32 ms.</summary>
    public int ChunkSamples { get; }

    /// <summary>Samples carried over from the previous chunk and prepended: 4 ms.</summary>
    public int ContextSamples { get; }

    /// <summary>STFT window length; the hop is half of it and the right reflection pad is a quarter.</summary>
    public int FilterLength { get; }

    public int Bins { get; }

    public SileroStft Stft { get; }

    public float[] Enc0 { get; }

    public float[] Enc0Bias { get; }

    public float[] Enc1 { get; }

    public float[] Enc1Bias { get; }

    public float[] Enc2 { get; }

    public float[] Enc2Bias { get; }

    public float[] Enc3 { get; }

    public float[] Enc3Bias { get; }

    public float[] Lstm { get; }

    public float[] LstmBias { get; }

    public float[] DecoderWeight { get; }

    public float DecoderBias { get; }

    public static SileroBranch Create(int sampleRate, SileroWeightTable weights, string prefix) => new(sampleRate, weights, prefix);

    /// <summary>
    /// Packs a [out, in, 3] convolution with its K axis reordered to (tap, channel), so the input column for an
    /// output step is three consecutive time-major frames: a plain slice of the previous layer's output, no im2col.
    /// </summary>
    private static (float[] Packed, float[] Bias) PackConv(SileroWeightTable weights, string name, int outChannels, int inChannels)
    {
        float[] w = weights.Get(name + ".weight", outChannels, inChannels, Kernel);
        float[] bias = weights.Get(name + ".bias", outChannels);
        int k = Kernel * inChannels;
        var reordered = new float[outChannels * k];
        for (int o = 0; o < outChannels; o++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                for (int tap = 0; tap < Kernel; tap++)
                {
                    reordered[(o * k) + (tap * inChannels) + c] = w[(((o * inChannels) + c) * Kernel) + tap];
                }
            }
        }

        return (VadKernels.PackRows(reordered, outChannels, k), bias);
    }
}
