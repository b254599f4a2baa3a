namespace Appliance.Media.Resampling;

/// <summary>Windowed-sinc low-pass design with a Kaiser window (Kaiser's empirical formulas, as in Oppenheim &amp; Schafer §7.6).</summary>
internal static class KaiserLowPass
{
    /// <summary>Kaiser β for a stopband attenuation in dB.</summary>
    public static double Beta(double attenuationDb) => attenuationDb switch
    {
        > 50 => 0.1102 * (attenuationDb - 8.7),
        >= 21 => (0.5842 * Math.Pow(attenuationDb - 21, 0.4)) + (0.07886 * (attenuationDb - 21)),
        _ => 0,
    };

    /// <summary>Taps needed for an attenuation and a transition width in cycles per sample.</summary>
    public static int Length(double attenuationDb, double transitionWidth) =>
        (int)Math.Ceiling((attenuationDb - 7.95) / (14.36 * transitionWidth)) + 1;

    /// <summary>A linear-phase low-pass with <paramref name="length"/> taps, cutoff in cycles per sample, unit DC gain.</summary>
    public static double[] Design(int length, double cutoff, double beta)
    {
        var taps = new double[length];
        double center = (length - 1) / 2.0;
        double windowScale = 1.0 / BesselI0(beta);
        double sum = 0;
        for (int n = 0; n < length; n++)
        {
            double x = n - center;
            double sinc = x == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double ratio = x / center;
            double window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (ratio * ratio)))) * windowScale;
            taps[n] = sinc * window;
            sum += taps[n];
        }

        for (int n = 0; n < length; n++)
        {
            taps[n] /= sum;
        }

        return taps;
    }

    /// <summary>Zeroth-order modified Bessel function of the first kind, by its power series (converges fast for β &lt; 20).</summary>
    private static double BesselI0(double x)
    {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 64; k++)
        {
            term *= half / k;
            double squared = term * term;
            sum += squared;
            if (squared < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
