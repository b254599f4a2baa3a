using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Appliance.Media.Resampling;

/// <summary>SIMD kernels for the resampler.</summary>
internal static class VectorMath
{
    /// <summary>Σ a[i]·b[i] over a.Length elements; b must be at least as long. Same operation order for the same length, so results are reproducible.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int length = a.Length;
        if ((uint)b.Length < (uint)length)
        {
            ThrowHelper.ThrowArgument(nameof(b));
        }

        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        int i = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated && length >= 16)
        {
            // Two accumulators hide the add latency of the dependency chain.
            Vector256<float> acc0 = Vector256<float>.Zero;
            Vector256<float> acc1 = Vector256<float>.Zero;
            for (; i <= length - 16; i += 16)
            {
                acc0 += Vector256.LoadUnsafe(ref ra, (nuint)i) * Vector256.LoadUnsafe(ref rb, (nuint)i);
                acc1 += Vector256.LoadUnsafe(ref ra, (nuint)(i + 8)) * Vector256.LoadUnsafe(ref rb, (nuint)(i + 8));
            }

            if (i <= length - 8)
            {
                acc0 += Vector256.LoadUnsafe(ref ra, (nuint)i) * Vector256.LoadUnsafe(ref rb, (nuint)i);
                i += 8;
            }

            sum = Vector256.Sum(acc0 + acc1);
        }
        else if (Vector128.IsHardwareAccelerated && length >= 4)
        {
            Vector128<float> acc = Vector128<float>.Zero;
            for (; i <= length - 4; i += 4)
            {
                acc += Vector128.LoadUnsafe(ref ra, (nuint)i) * Vector128.LoadUnsafe(ref rb, (nuint)i);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i);
        }

        return sum;
    }
}
