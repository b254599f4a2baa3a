using System.Runtime.CompilerServices;

namespace Appliance.Media.Codecs;

/// <summary>
/// Adaptive state of one G.722 sub-band: the quantizer scale factor (blocks 3L/3H) and the pole-zero
/// predictor (block 4: RECONS, PARREC, UPPOL1/2, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC). Encoder and decoder run the
/// same updates from the same quantized difference, which is what keeps them in lock-step.
/// </summary>
internal struct G722Band
{
    private Six _b;      // zero-section coefficients b1..b6
    private Six _d;      // delayed quantized differences d1..d6, stored doubled and saturated as FILTEZ uses them
    private int _a1;     // pole-section coefficients
    private int _a2;
    private int _r1;     // previous reconstructed signal, doubled and saturated (FILTEP input)
    private int _pSign1; // sign bits of the previous two partially reconstructed signals p = sz + d
    private int _pSign2;
    private int _sz;     // zero-section prediction
    private int _logScale; // NBL / NBH

    /// <summary>Signal estimate s for the next sample (SL / SH).</summary>
    public int Prediction { get; private set; }

    /// <summary>Quantizer scale factor DETL / DETH.</summary>
    public int Scale { get; private set; }

    public static G722Band Create(int initialScale) => new() { Scale = initialScale };

    /// <summary>Block 3L: adapts the lower-band scale factor after code <paramref name="ril"/> (4-bit).</summary>
    public void AdaptLowScale(int ril) => AdaptScale(G722Tables.LowLogStep[ril], 18432, 8);

    /// <summary>Block 3H: adapts the higher-band scale factor after code <paramref name="ih"/> (2-bit).</summary>
    public void AdaptHighScale(int ih) => AdaptScale(G722Tables.HighLogStep[ih], 22528, 10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AdaptScale(int step, int maxLog, int shiftBase)
    {
        // LOGSCL: leaky log-domain integrator (127/128), then SCALEL: 2^(nb) through the ILB table.
        _logScale = Math.Clamp((_logScale * 127 >> 7) + step, 0, maxLog);
        int mantissa = G722Tables.InverseLog[(_logScale >> 6) & 31];
        int shift = shiftBase - (_logScale >> 11);
        Scale = (shift < 0 ? mantissa << -shift : mantissa >> shift) << 2;
    }

    /// <summary>Block 4: updates the predictor with the quantized difference <paramref name="d"/> and computes the next prediction.</summary>
    public void Adapt(int d)
    {
        // PARREC: sign of the partially reconstructed signal (sign of 0 counts as positive, as x >> 15 does).
        int pSign = _sz + d < 0 ? 1 : 0;

        // UPPOL2: a2 follows the sign correlation of p over lags 1 and 2.
        int a1x4 = Saturate(_a1 << 2);
        int wd2 = pSign == _pSign1 ? Math.Min(-a1x4, 32767) : a1x4;
        int a2 = Math.Clamp((wd2 >> 7) + (pSign == _pSign2 ? 128 : -128) + (_a2 * 32512 >> 15), -12288, 12288);

        // UPPOL1: a1 with leakage 255/256, bounded so the pole pair stays stable.
        int limit = 15360 - a2;
        int a1 = Math.Clamp(Saturate((pSign == _pSign1 ? 192 : -192) + (_a1 * 32640 >> 15)), -limit, limit);

        // UPZERO: sign-sign LMS on the six zero coefficients, no step when d is zero.
        int step = d == 0 ? 0 : 128;
        int dSign = d >> 31;
        for (int i = 0; i < 6; i++)
        {
            int correction = (_d[i] >> 31) == dSign ? step : -step;
            _b[i] = Saturate(correction + (_b[i] * 32640 >> 15));
        }

        // DELAYA and FILTEZ: shift in the new difference, then sz = Σ b_i · 2d_i.
        for (int i = 5; i > 0; i--)
        {
            _d[i] = _d[i - 1];
        }

        _d[0] = Saturate(d << 1);
        int sz = 0;
        for (int i = 0; i < 6; i++)
        {
            sz += _b[i] * _d[i] >> 15;
        }

        // RECONS + FILTEP + PREDIC: sp = a1 · 2r(k) + a2 · 2r(k-1), s = sp + sz.
        int r = Saturate((Prediction + d) << 1);
        int sp = (a1 * r >> 15) + (a2 * _r1 >> 15);
        Prediction = Saturate(sz + sp);

        _r1 = r;
        _a1 = a1;
        _a2 = a2;
        _sz = sz;
        _pSign2 = _pSign1;
        _pSign1 = pSign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Saturate(int value) => Math.Clamp(value, short.MinValue, short.MaxValue);

    [InlineArray(6)]
    private struct Six
    {
        private int _element;
    }
}
