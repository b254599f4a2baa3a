using Appliance.Pipeline.Vad;

namespace Appliance.Pipeline.Tests.Vad;

/// <summary>The FFT STFT against the graph's own definition: a Conv1d of the stored basis, done here in double.</summary>
public sealed class SileroStftTests
{
    [Theory]
    [InlineData(16000, "If_0_then_branch__Inline_0__", 256)]
    [InlineData(8000, "If_0_else_branch__Inline_0__", 128)]
    public void Fft_magnitudes_match_the_stored_basis_convolution(int sampleRate, string prefix, int n)
    {
        float[] basis = ReadBasis(prefix + "stft.forward_basis_buffer");
        SileroStft stft = sampleRate == 16000 ? SileroModel.Embedded.Branch16k.Stft : SileroModel.Embedded.Branch8k.Stft;
        int bins = (n / 2) + 1;
        var rng = new Random(sampleRate);
        var signal = new float[(3 * n / 2) + n];
        for (int i = 0; i < signal.Length; i++)
        {
            signal[i] = (float)((0.5 * Math.Sin(i * 0.07)) + (0.3 * (rng.NextDouble() - 0.5)));
        }

        var magnitudes = new float[4 * bins];
        stft.Magnitudes(signal, new float[stft.ScratchLength], magnitudes);

        double worst = 0;
        for (int t = 0; t < 4; t++)
        {
            for (int f = 0; f < bins; f++)
            {
                double re = 0, im = 0;
                for (int k = 0; k < n; k++)
                {
                    re += basis[(f * n) + k] * (double)signal[(t * n / 2) + k];
                    im += basis[((bins + f) * n) + k] * (double)signal[(t * n / 2) + k];
                }

                worst = Math.Max(worst, Math.Abs(Math.Sqrt((re * re) + (im * im)) - magnitudes[(t * bins) + f]));
            }
        }

        Assert.True(worst < 2e-5, $"max |FFT - basis conv| = {worst:E3}");
    }

    [Fact]
    public void A_basis_that_is_not_a_windowed_dft_is_refused()
    {
        float[] basis = ReadBasis("If_0_else_branch__Inline_0__stft.forward_basis_buffer");
        basis[(3 * 128) + 5] += 0.01f;
        Assert.Throws<InvalidDataException>(() => new SileroStft(basis, 128));
    }

    private static float[] ReadBasis(string name)
    {
        using Stream stream = typeof(SileroModel).Assembly.GetManifestResourceStream("Appliance.Pipeline.Vad.silero_vad_v5.onnx")!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var tensors = new Dictionary<string, OnnxTensor>();
        Assert.True(OnnxWeightReader.TryRead(bytes, tensors));
        return tensors[name].Data;
    }
}
