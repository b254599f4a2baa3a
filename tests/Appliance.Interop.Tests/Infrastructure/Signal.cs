namespace Appliance.Interop.Tests.Infrastructure;

/// <summary>Measurements on recorded audio.</summary>
internal static class Signal
{
    /// <summary>
    /// The peak of the normalized cross-correlation of b against a over lags 0..maxLag
    /// (b delayed relative to a), comparing a window of a's samples; 1.0 is a perfect delayed copy.
    /// </summary>
    public static (double Correlation, int Lag) BestAlignment(short[] a, short[] b, int maxLag, int window)
    {
        var best = (Correlation: double.MinValue, Lag: 0);
        window = Math.Min(window, a.Length);
        for (var lag = 0; lag <= maxLag && lag + window <= b.Length; lag++)
        {
            double dot = 0, ea = 0, eb = 0;
            for (var i = 0; i < window; i++)
            {
                double x = a[i], y = b[i + lag];
                dot += x * y;
                ea += x * x;
                eb += y * y;
            }
            var c = ea > 0 && eb > 0 ? dot / Math.Sqrt(ea * eb) : 0;
            if (c > best.Correlation)
            {
                best = (c, lag);
            }
        }
        return best;
    }

    /// <summary>
    /// Where a copy of original[start..start+length] begins in <paramref name="copy"/>, searched
    /// over [searchFrom, searchTo): anchors on a 250 ms piece from the middle of the original,
    /// whose best match fixes the delay.
    /// </summary>
    public static int FindCopy(short[] original, int start, int length, short[] copy, int searchFrom, int searchTo, int rate)
    {
        var piece = Math.Min(rate / 4, length);
        var anchor = start + ((length - piece) / 2);
        var (_, lag) = BestAlignment(original.AsSpan(anchor, piece).ToArray(), copy.AsSpan(searchFrom, Math.Min(copy.Length, searchTo + piece) - searchFrom).ToArray(), searchTo - searchFrom, piece);
        return searchFrom + lag - (anchor - start);
    }

    /// <summary>
    /// How well <paramref name="copy"/> reproduces <paramref name="original"/> when jitter buffers
    /// along the way may have slipped a frame: the median, over 250 ms segments, of each segment's
    /// best normalized correlation within ±<paramref name="slack"/> samples of where it should be.
    /// </summary>
    public static double SegmentedSimilarity(short[] original, int originalStart, short[] copy, int copyStart, int length, int rate, int slack)
    {
        var segment = rate / 4;
        var scores = new List<double>();
        for (var offset = 0; offset + segment <= length; offset += segment)
        {
            var piece = original.AsSpan(originalStart + offset, segment);
            if (Rms(piece) < 300)
            {
                continue;
            }
            var from = Math.Max(0, copyStart + offset - slack);
            var to = Math.Min(copy.Length - segment, copyStart + offset + slack);
            var best = 0.0;
            for (var at = from; at <= to; at++)
            {
                double dot = 0, ea = 0, eb = 0;
                var candidate = copy.AsSpan(at, segment);
                for (var i = 0; i < segment; i++)
                {
                    double x = piece[i], y = candidate[i];
                    dot += x * y;
                    ea += x * x;
                    eb += y * y;
                }
                best = Math.Max(best, ea > 0 && eb > 0 ? dot / Math.Sqrt(ea * eb) : 0);
            }
            scores.Add(best);
        }
        scores.Sort();
        return scores.Count == 0 ? 0 : scores[scores.Count / 2];
    }

    /// <summary>
    /// As <see cref="BestAlignment"/>, also trying b delayed by half a sample more: a resampling
    /// round trip (8 kHz line, 16 kHz pipeline) can leave a half-sample group delay that costs a
    /// whole-sample correlation ~0.1 on broadband speech though the audio is intact.
    /// </summary>
    public static (double Correlation, double Lag) BestFractionalAlignment(short[] a, short[] b, int maxLag, int window)
    {
        var whole = BestAlignment(a, b, maxLag, window);
        var half = BestAlignment(HalfSampleDelayed(a), b, maxLag, window);
        return half.Correlation > whole.Correlation ? (half.Correlation, half.Lag + 0.5) : (whole.Correlation, whole.Lag);
    }

    /// <summary>x delayed by half a sample: a 32-tap Hann-windowed sinc interpolator.</summary>
    public static short[] HalfSampleDelayed(short[] x)
    {
        const int Half = 16;
        Span<double> taps = stackalloc double[2 * Half];
        for (var k = 0; k < taps.Length; k++)
        {
            var t = k - Half + 0.5;
            var hann = 0.5 + (0.5 * Math.Cos(Math.PI * t / Half));
            taps[k] = Math.Sin(Math.PI * t) / (Math.PI * t) * hann;
        }
        var y = new short[x.Length];
        for (var n = 0; n < x.Length; n++)
        {
            double sum = 0;
            for (var k = 0; k < taps.Length; k++)
            {
                // y[n] = x(n - 0.5) = sum over m of x[m] * sinc(n - 0.5 - m), m = n - k + Half - 1 covers t = k - Half + 0.5.
                var m = n + Half - 1 - k;
                if ((uint)m < (uint)x.Length)
                {
                    sum += x[m] * taps[k];
                }
            }
            y[n] = (short)Math.Clamp(Math.Round(sum), short.MinValue, short.MaxValue);
        }
        return y;
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }
        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }
}
