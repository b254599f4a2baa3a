namespace Appliance.Media.Codecs;

/// <summary>Constant tables of ITU-T G.722 (11/88 and 09/2012), in the Recommendation's own scaling.</summary>
internal static class G722Tables
{
    // int tables are static readonly arrays: a ReadOnlySpan<int> property over a literal allocated per access here.

    /// <summary>QMF coefficients h(0)..h(11) (Table 11); the filter is symmetric, h(23 - i) = h(i).</summary>
    public static readonly int[] Qmf = [3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11];

    /// <summary>Lower sub-band quantizer decision levels Q6 (Table 6), mil = 1..29, scaled by 2^-12 × DETL.</summary>
    public static readonly int[] Q6 =
    [
        0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
        786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919,
    ];

    /// <summary>6-bit code for a negative lower-band difference in interval mil (ILN).</summary>
    public static ReadOnlySpan<byte> Iln =>
    [
        0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19,
        18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4,
    ];

    /// <summary>6-bit code for a non-negative lower-band difference in interval mil (ILP).</summary>
    public static ReadOnlySpan<byte> Ilp =>
    [
        0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47,
        46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32,
    ];

    /// <summary>6-bit inverse quantizer QQ6 × 8 (the 64 kbit/s decoder output).</summary>
    public static readonly int[] Qm6 =
    [
        -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
        -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
        24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
        4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136,
    ];

    /// <summary>4-bit inverse quantizer QQ4 × 8, indexed by the 4 most significant bits of the lower code (feeds the predictor).</summary>
    public static readonly int[] Qm4 =
        [0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0];

    /// <summary>2-bit higher sub-band inverse quantizer QQ2 × 8.</summary>
    public static readonly int[] Qm2 = [-7408, -1616, 7408, 1616];

    /// <summary>Lower-band log scale factor multiplier WL, indexed via RIL (the 4-bit code).</summary>
    public static readonly int[] LowLogStep =
        [-60, 3042, 1198, 538, 334, 172, 58, -30, 3042, 1198, 538, 334, 172, 58, -30, -60];

    /// <summary>Higher-band log scale factor multiplier WH, indexed by the 2-bit code.</summary>
    public static readonly int[] HighLogStep = [798, -214, 798, -214];

    /// <summary>Inverse log2 table ILB used by the scale factor (SCALEL/SCALEH).</summary>
    public static readonly int[] InverseLog =
    [
        2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
        2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
    ];
}
