using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Appliance.Pipeline.Vad;

/// <summary>
/// SIMD kernels for the Silero forward pass. Every weighted layer (the k=3 convolutions, the LSTM gates) is
/// the same operation: a few input columns times a row-major weight matrix. Weights are packed once into
/// blocks of 8 rows interleaved along K (<see cref="PackRows"/>), so the inner loop is one contiguous vector
/// load and one FMA per broadcast input: no horizontal sums, and each weight is read once for all columns.
/// </summary>
internal static class VadKernels
{
    public const int Lanes = 8;

    /// <summary>Longest input column (K) the kernels take: the widest layer is 3 × 129 = 387.</summary>
    public const int MaxK = 512;

    private static readonly int[] AllInputs = CreateAllInputs();

    /// <summary>Packs a row-major [rows, k] matrix into [ceil(rows/8)][k][8], zero-filling the padding rows.</summary>
    public static float[] PackRows(ReadOnlySpan<float> weights, int rows, int k)
    {
        int blocks = (rows + Lanes - 1) / Lanes;
        var packed = new float[blocks * k * Lanes];
        for (int r = 0; r < rows; r++)
        {
            int block = r / Lanes;
            int lane = r % Lanes;
            for (int i = 0; i < k; i++)
            {
                packed[((block * k) + i) * Lanes + lane] = weights[(r * k) + i];
            }
        }

        return packed;
    }

    /// <summary>
    /// y[c][r] = bias[r] + Σ_i W[r, i] · x[c][i] for <paramref name="columns"/> input columns (1, 2 or 4), with
    /// column c of x starting at c·<paramref name="xStride"/> and of y at c·<paramref name="yStride"/>;
    /// ReLU applied when asked. W is packed by <see cref="PackRows"/> with <paramref name="rowBlocks"/> blocks,
    /// a multiple of 8 / <paramref name="columns"/>.
    /// </summary>
    /// <remarks>
    /// Each variant keeps 8 accumulators (row blocks × columns) in flight: FMA latency is 4 cycles on 2 pipes,
    /// so fewer independent chains would leave the FMA units idle.
    /// With <paramref name="skipZeroInputs"/>, inputs that are 0 in every column are skipped. That is exact
    /// (w·0 adds nothing; weights are finite) and pays off after ReLU, where 55-80% of Silero's activations are 0.
    /// </remarks>
    [SkipLocalsInit]
    public static void MatMul(
        ReadOnlySpan<float> packed, ReadOnlySpan<float> bias, int rowBlocks, int k,
        ReadOnlySpan<float> x, int xStride, int columns, Span<float> y, int yStride, bool relu, bool skipZeroInputs)
    {
        // One check up front lets the loops below run on refs without per-element bounds checks.
        if (columns is not (1 or 2 or 4) || rowBlocks % (8 / columns) != 0 || k > MaxK
            || packed.Length < rowBlocks * k * Lanes || bias.Length < rowBlocks * Lanes
            || x.Length < ((columns - 1) * xStride) + k || y.Length < ((columns - 1) * yStride) + (rowBlocks * Lanes))
        {
            ThrowShape();
        }

        Span<int> active = stackalloc int[MaxK];
        int count = k;
        if (skipZeroInputs)
        {
            count = NonZeroInputs(x, xStride, columns, k, active);
        }
        else
        {
            AllInputs.AsSpan(0, k).CopyTo(active);
        }

        ref float w = ref MemoryMarshal.GetReference(packed);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref int idx = ref MemoryMarshal.GetReference(active);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        switch (columns)
        {
            case 4:
                MatMul4(ref w, ref b, rowBlocks, k, ref idx, count, ref xs, xStride, ref ys, yStride, relu);
                break;
            case 2:
                MatMul2(ref w, ref b, rowBlocks, k, ref idx, count, ref xs, xStride, ref ys, yStride, relu);
                break;
            default:
                MatMul1(ref w, ref b, rowBlocks, k, ref idx, count, ref xs, ref ys, relu);
                break;
        }
    }

    /// <summary>Lists the input indices that are nonzero in at least one column, without data-dependent branches.</summary>
    private static int NonZeroInputs(ReadOnlySpan<float> x, int xStride, int columns, int k, Span<int> active)
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref int list = ref MemoryMarshal.GetReference(active);
        int count = 0;
        int i = 0;
        for (; i <= k - Lanes; i += Lanes)
        {
            Vector256<float> any = Vector256<float>.Zero;
            for (int c = 0; c < columns; c++)
            {
                any |= ~Vector256.Equals(Vector256.LoadUnsafe(ref x0, (nuint)((c * xStride) + i)), Vector256<float>.Zero);
            }

            // Write every index, advance only past the nonzero ones: a stream compaction with no branches.
            uint mask = any.ExtractMostSignificantBits();
            for (int lane = 0; lane < Lanes; lane++)
            {
                Unsafe.Add(ref list, count) = i + lane;
                count += (int)((mask >> lane) & 1);
            }
        }

        for (; i < k; i++)
        {
            bool nonZero = false;
            for (int c = 0; c < columns; c++)
            {
                nonZero |= Unsafe.Add(ref x0, (c * xStride) + i) != 0f;
            }

            Unsafe.Add(ref list, count) = i;
            count += nonZero ? 1 : 0;
        }

        return count;
    }

    private static int[] CreateAllInputs()
    {
        var all = new int[MaxK];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        return all;
    }

    /// <summary>2 row blocks × 4 columns.</summary>
    private static void MatMul4(ref float w, ref float bias, int rowBlocks, int k, ref int idx, int count, ref float x, int xStride, ref float y, int yStride, bool relu)
    {
        ref float x1 = ref Unsafe.Add(ref x, xStride);
        ref float x2 = ref Unsafe.Add(ref x, 2 * xStride);
        ref float x3 = ref Unsafe.Add(ref x, 3 * xStride);
        int blockSize = k * Lanes;
        for (int blk = 0; blk < rowBlocks; blk += 2)
        {
            ref float wa = ref Unsafe.Add(ref w, blk * blockSize);
            ref float wb = ref Unsafe.Add(ref wa, blockSize);
            Vector256<float> ba = Vector256.LoadUnsafe(ref bias, (nuint)(blk * Lanes));
            Vector256<float> bb = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 1) * Lanes));
            Vector256<float> a0 = ba, a1 = ba, a2 = ba, a3 = ba, b0 = bb, b1 = bb, b2 = bb, b3 = bb;
            for (int j = 0; j < count; j++)
            {
                int i = Unsafe.Add(ref idx, j);
                Vector256<float> wva = Vector256.LoadUnsafe(ref wa, (nuint)(i * Lanes));
                Vector256<float> wvb = Vector256.LoadUnsafe(ref wb, (nuint)(i * Lanes));
                Vector256<float> s0 = Vector256.Create(Unsafe.Add(ref x, i));
                Vector256<float> s1 = Vector256.Create(Unsafe.Add(ref x1, i));
                Vector256<float> s2 = Vector256.Create(Unsafe.Add(ref x2, i));
                Vector256<float> s3 = Vector256.Create(Unsafe.Add(ref x3, i));
                a0 = Vector256.MultiplyAddEstimate(wva, s0, a0);
                a1 = Vector256.MultiplyAddEstimate(wva, s1, a1);
                a2 = Vector256.MultiplyAddEstimate(wva, s2, a2);
                a3 = Vector256.MultiplyAddEstimate(wva, s3, a3);
                b0 = Vector256.MultiplyAddEstimate(wvb, s0, b0);
                b1 = Vector256.MultiplyAddEstimate(wvb, s1, b1);
                b2 = Vector256.MultiplyAddEstimate(wvb, s2, b2);
                b3 = Vector256.MultiplyAddEstimate(wvb, s3, b3);
            }

            int r = blk * Lanes;
            Store(a0, ref y, r, relu);
            Store(a1, ref y, yStride + r, relu);
            Store(a2, ref y, (2 * yStride) + r, relu);
            Store(a3, ref y, (3 * yStride) + r, relu);
            Store(b0, ref y, r + Lanes, relu);
            Store(b1, ref y, yStride + r + Lanes, relu);
            Store(b2, ref y, (2 * yStride) + r + Lanes, relu);
            Store(b3, ref y, (3 * yStride) + r + Lanes, relu);
        }
    }

    /// <summary>4 row blocks × 2 columns.</summary>
    private static void MatMul2(ref float w, ref float bias, int rowBlocks, int k, ref int idx, int count, ref float x, int xStride, ref float y, int yStride, bool relu)
    {
        ref float x1 = ref Unsafe.Add(ref x, xStride);
        int blockSize = k * Lanes;
        for (int blk = 0; blk < rowBlocks; blk += 4)
        {
            ref float w0 = ref Unsafe.Add(ref w, blk * blockSize);
            ref float w1 = ref Unsafe.Add(ref w0, blockSize);
            ref float w2 = ref Unsafe.Add(ref w1, blockSize);
            ref float w3 = ref Unsafe.Add(ref w2, blockSize);
            Vector256<float> a0 = Vector256.LoadUnsafe(ref bias, (nuint)(blk * Lanes)), a1 = a0;
            Vector256<float> b0 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 1) * Lanes)), b1 = b0;
            Vector256<float> c0 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 2) * Lanes)), c1 = c0;
            Vector256<float> d0 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 3) * Lanes)), d1 = d0;
            for (int j = 0; j < count; j++)
            {
                int i = Unsafe.Add(ref idx, j);
                nuint o = (nuint)(i * Lanes);
                Vector256<float> s0 = Vector256.Create(Unsafe.Add(ref x, i));
                Vector256<float> s1 = Vector256.Create(Unsafe.Add(ref x1, i));
                Vector256<float> v0 = Vector256.LoadUnsafe(ref w0, o);
                Vector256<float> v1 = Vector256.LoadUnsafe(ref w1, o);
                Vector256<float> v2 = Vector256.LoadUnsafe(ref w2, o);
                Vector256<float> v3 = Vector256.LoadUnsafe(ref w3, o);
                a0 = Vector256.MultiplyAddEstimate(v0, s0, a0);
                a1 = Vector256.MultiplyAddEstimate(v0, s1, a1);
                b0 = Vector256.MultiplyAddEstimate(v1, s0, b0);
                b1 = Vector256.MultiplyAddEstimate(v1, s1, b1);
                c0 = Vector256.MultiplyAddEstimate(v2, s0, c0);
                c1 = Vector256.MultiplyAddEstimate(v2, s1, c1);
                d0 = Vector256.MultiplyAddEstimate(v3, s0, d0);
                d1 = Vector256.MultiplyAddEstimate(v3, s1, d1);
            }

            int r = blk * Lanes;
            Store(a0, ref y, r, relu);
            Store(a1, ref y, yStride + r, relu);
            Store(b0, ref y, r + Lanes, relu);
            Store(b1, ref y, yStride + r + Lanes, relu);
            Store(c0, ref y, r + (2 * Lanes), relu);
            Store(c1, ref y, yStride + r + (2 * Lanes), relu);
            Store(d0, ref y, r + (3 * Lanes), relu);
            Store(d1, ref y, yStride + r + (3 * Lanes), relu);
        }
    }

    /// <summary>8 row blocks × 1 column (matrix-vector).</summary>
    private static void MatMul1(ref float w, ref float bias, int rowBlocks, int k, ref int idx, int count, ref float x, ref float y, bool relu)
    {
        int blockSize = k * Lanes;
        for (int blk = 0; blk < rowBlocks; blk += 8)
        {
            ref float w0 = ref Unsafe.Add(ref w, blk * blockSize);
            Vector256<float> a0 = Vector256.LoadUnsafe(ref bias, (nuint)(blk * Lanes));
            Vector256<float> a1 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 1) * Lanes));
            Vector256<float> a2 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 2) * Lanes));
            Vector256<float> a3 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 3) * Lanes));
            Vector256<float> a4 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 4) * Lanes));
            Vector256<float> a5 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 5) * Lanes));
            Vector256<float> a6 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 6) * Lanes));
            Vector256<float> a7 = Vector256.LoadUnsafe(ref bias, (nuint)((blk + 7) * Lanes));
            for (int j = 0; j < count; j++)
            {
                int i = Unsafe.Add(ref idx, j);
                Vector256<float> s = Vector256.Create(Unsafe.Add(ref x, i));
                ref float wi = ref Unsafe.Add(ref w0, i * Lanes);
                a0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref wi), s, a0);
                a1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref wi, (nuint)blockSize), s, a1);
                a2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref wi, (nuint)(2 * blockSize)), s, a2);
                a3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref wi, (nuint)(3 * blockSize)), s, a3);
                a4 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref wi, (nuint)(4 * blockSize)), s, a4);
                a5 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref wi, (nuint)(5 * blockSize)), s, a5);
                a6 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref wi, (nuint)(6 * blockSize)), s, a6);
                a7 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref wi, (nuint)(7 * blockSize)), s, a7);
            }

            int r = blk * Lanes;
            Store(a0, ref y, r, relu);
            Store(a1, ref y, r + Lanes, relu);
            Store(a2, ref y, r + (2 * Lanes), relu);
            Store(a3, ref y, r + (3 * Lanes), relu);
            Store(a4, ref y, r + (4 * Lanes), relu);
            Store(a5, ref y, r + (5 * Lanes), relu);
            Store(a6, ref y, r + (6 * Lanes), relu);
            Store(a7, ref y, r + (7 * Lanes), relu);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> value, ref float y, int offset, bool relu)
    {
        if (relu)
        {
            value = Vector256.MaxNative(value, Vector256<float>.Zero);
        }

        value.StoreUnsafe(ref y, (nuint)offset);
    }

    /// <summary>Logistic function, 8 lanes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    /// <summary>tanh(x) = 2·σ(2x) − 1; absolute error stays at float epsilon, which is all the LSTM needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x) =>
        Vector256.Create(2f) * Sigmoid(x + x) - Vector256<float>.One;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowShape() => throw new ArgumentException("Buffer shapes do not match the kernel arguments.");
}
