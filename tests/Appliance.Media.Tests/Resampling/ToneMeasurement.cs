using Appliance.Media.Resampling;

namespace Appliance.Media.Tests.Resampling;

/// <summary>Runs a pure tone through a fresh resampler and measures what comes out (steady state only).</summary>
internal static class ToneMeasurement
{
    private const double Amplitude = 10000;

    /// <summary>
    /// Gain of the tone itself (dB, when it is below the output Nyquist), everything else in the output relative to
    /// the input power (dB; images, aliases and rounding), and the tone's phase lag converted to output samples.
    /// </summary>
    public static (double GainDb, double SpuriousDb, double DelaySamples) Measure(int inputRate, int outputRate, double frequency)
    {
        var resampler = new Resampler(inputRate, outputRate);
        int inputLength = inputRate / 8;
        var input = new float[inputLength];
        for (int n = 0; n < inputLength; n++)
        {
            input[n] = (float)(Amplitude * Math.Sin(2 * Math.PI * frequency * n / inputRate));
        }

        var output = new float[resampler.GetOutputLength(inputLength)];
        resampler.Process(input, output);

        // Skip the start-up transient: the whole filter span plus margin.
        int skip = (int)(2 * resampler.DelaySamples) + 64;
        ReadOnlySpan<float> steady = output.AsSpan(skip);
        double inputPower = Amplitude * Amplitude / 2;

        if (frequency >= outputRate / 2.0)
        {
            return (double.NegativeInfinity, 10 * Math.Log10(Power(steady) / inputPower), 0);
        }

        // Least-squares fit of a·sin + b·cos at the known frequency, on the output's absolute time axis.
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int i = 0; i < steady.Length; i++)
        {
            double w = 2 * Math.PI * frequency * (skip + i) / outputRate;
            double s = Math.Sin(w), c = Math.Cos(w), y = steady[i];
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += y * s;
            yc += y * c;
        }

        double determinant = (ss * cc) - (sc * sc);
        double a = ((ys * cc) - (yc * sc)) / determinant;
        double b = ((yc * ss) - (ys * sc)) / determinant;
        double residual = 0;
        for (int i = 0; i < steady.Length; i++)
        {
            double w = 2 * Math.PI * frequency * (skip + i) / outputRate;
            double e = steady[i] - (a * Math.Sin(w)) - (b * Math.Cos(w));
            residual += e * e;
        }

        double gain = Math.Sqrt((a * a) + (b * b)) / Amplitude;
        double lagRadians = -Math.Atan2(b, a);
        double delay = lagRadians / (2 * Math.PI * frequency) * outputRate;
        return (20 * Math.Log10(gain), 10 * Math.Log10(residual / steady.Length / inputPower), delay);
    }

    private static double Power(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (float sample in samples)
        {
            sum += (double)sample * sample;
        }

        return sum / samples.Length;
    }
}
