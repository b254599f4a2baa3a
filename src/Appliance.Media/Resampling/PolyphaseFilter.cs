using System.Collections.Concurrent;

namespace Appliance.Media.Resampling;

/// <summary>
/// The coefficient table for one rate pair, built once and shared by every <see cref="Resampler"/> of that pair.
/// The prototype low-pass runs at L × input rate; phase p holds taps p, p+L, p+2L, ... stored reversed so that an
/// output sample is a forward dot product with the most recent <see cref="TapsPerPhase"/> input samples.
/// </summary>
internal sealed class PolyphaseFilter
{
    /// <summary>Design target; the measured worst case is reported by the resampler tests.</summary>
    public const double AttenuationDb = 80;

    /// <summary>Passband edge as a fraction of the lower Nyquist frequency; the stopband starts at that Nyquist frequency.</summary>
    public const double PassbandEdge = 0.9;

    private static readonly ConcurrentDictionary<(int Input, int Output), PolyphaseFilter> Cache = new();

    private PolyphaseFilter(int inputRate, int outputRate)
    {
        int divisor = GreatestCommonDivisor(inputRate, outputRate);
        Interpolation = outputRate / divisor;
        Decimation = inputRate / divisor;

        double prototypeRate = (double)inputRate * Interpolation;
        double nyquist = Math.Min(inputRate, outputRate) / 2.0;
        double transition = (1 - PassbandEdge) * nyquist / prototypeRate;
        double cutoff = (1 + PassbandEdge) / 2 * nyquist / prototypeRate;
        int length = KaiserLowPass.Length(AttenuationDb, transition);

        // Round each phase up to a whole number of 8-float vectors so the inner product never needs a scalar tail.
        TapsPerPhase = (length + Interpolation - 1) / Interpolation;
        TapsPerPhase = (TapsPerPhase + 7) & ~7;
        double[] prototype = KaiserLowPass.Design(TapsPerPhase * Interpolation, cutoff, KaiserLowPass.Beta(AttenuationDb));

        Coefficients = new float[TapsPerPhase * Interpolation];
        for (int phase = 0; phase < Interpolation; phase++)
        {
            for (int k = 0; k < TapsPerPhase; k++)
            {
                // Zero-stuffing by L divides the signal's energy by L; the gain of L restores unit passband gain.
                Coefficients[(phase * TapsPerPhase) + (TapsPerPhase - 1 - k)] = (float)(prototype[phase + (k * Interpolation)] * Interpolation);
            }
        }

        DelayOutputSamples = ((TapsPerPhase * Interpolation) - 1) / 2.0 / Decimation;
    }

    /// <summary>L: the up-sampling factor.</summary>
    public int Interpolation { get; }

    /// <summary>M: the down-sampling factor.</summary>
    public int Decimation { get; }

    public int TapsPerPhase { get; }

    /// <summary>Phase-major, each phase reversed; length L × <see cref="TapsPerPhase"/>.</summary>
    public float[] Coefficients { get; }

    /// <summary>Group delay of the linear-phase filter, in output samples.</summary>
    public double DelayOutputSamples { get; }

    public static PolyphaseFilter Get(int inputRate, int outputRate) =>
        Cache.GetOrAdd((inputRate, outputRate), static key => new PolyphaseFilter(key.Input, key.Output));

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
