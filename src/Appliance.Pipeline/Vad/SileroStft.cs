using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Appliance.Pipeline.Vad;

/// <summary>
/// The model's STFT magnitude for its 4 frames. The graph computes it as a Conv1d against a stored
/// [2·bins, 1, n] basis; that basis is exactly a periodic Hann window times the DFT (checked at load to 1e-6),
/// so this runs an n-point radix-2 FFT instead: ~30x fewer operations and no 264 KB basis to stream per chunk.
/// The 4 frames ride in the 4 lanes of a <see cref="Vector128{T}"/>, so each butterfly serves all of them.
/// </summary>
internal sealed class SileroStft
{
    private const float BasisTolerance = 1e-6f;

    private readonly float[] _window;
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly int[] _bitReversed;

    /// <summary>Checks <paramref name="basis"/> ([2·(n/2+1)] rows of n taps) is windowed-DFT and keeps its window.</summary>
    public SileroStft(float[] basis, int n)
    {
        Length = n;
        Bins = (n / 2) + 1;
        _window = basis.AsSpan(0, n).ToArray(); // row 0 is the DC real row: the window itself
        _cos = new float[n / 2];
        _sin = new float[n / 2];
        for (int k = 0; k < n / 2; k++)
        {
            _cos[k] = (float)Math.Cos(2 * Math.PI * k / n);
            _sin[k] = (float)Math.Sin(2 * Math.PI * k / n);
        }

        _bitReversed = new int[n];
        int bits = BitOperations.Log2((uint)n);
        for (int k = 0; k < n; k++)
        {
            _bitReversed[k] = (int)(ReverseBits((uint)k) >> (32 - bits));
        }

        for (int f = 0; f < Bins; f++)
        {
            for (int k = 0; k < n; k++)
            {
                double angle = 2 * Math.PI * ((long)f * k % n) / n;
                double real = _window[k] * Math.Cos(angle), imaginary = -_window[k] * Math.Sin(angle);
                if (Math.Abs(basis[(f * n) + k] - real) > BasisTolerance || Math.Abs(basis[((Bins + f) * n) + k] - imaginary) > BasisTolerance)
                {
                    throw new InvalidDataException("The Silero STFT basis is not a windowed DFT; this forward pass does not apply.");
                }
            }
        }
    }

    /// <summary>FFT size (the model's filter length); frames advance by half of it.</summary>
    public int Length { get; }

    public int Bins { get; }

    /// <summary>Scratch this needs per stream: real and imaginary planes of 4-lane vectors.</summary>
    public int ScratchLength => 2 * Length * 4;

    /// <summary>
    /// Writes |STFT| of frames t = 0..3 (frame t = <paramref name="signal"/>[t·n/2 .. t·n/2 + n]) to
    /// <paramref name="magnitudes"/>[t·bins + f].
    /// </summary>
    public void Magnitudes(ReadOnlySpan<float> signal, Span<float> scratch, Span<float> magnitudes)
    {
        int n = Length;
        int hop = n / 2;
        if (signal.Length < (3 * hop) + n || scratch.Length < ScratchLength || magnitudes.Length < 4 * Bins)
        {
            throw new ArgumentException("STFT buffers are too small.");
        }

        Span<Vector128<float>> re = MemoryMarshal.Cast<float, Vector128<float>>(scratch)[..n];
        Span<Vector128<float>> im = MemoryMarshal.Cast<float, Vector128<float>>(scratch).Slice(n, n);
        ref float x = ref MemoryMarshal.GetReference(signal);
        for (int k = 0; k < n; k++)
        {
            var sample = Vector128.Create(Unsafe.Add(ref x, k), Unsafe.Add(ref x, hop + k), Unsafe.Add(ref x, (2 * hop) + k), Unsafe.Add(ref x, (3 * hop) + k));
            re[_bitReversed[k]] = sample * _window[k];
        }

        im.Clear();
        Transform(re, im);

        for (int f = 0; f < Bins; f++)
        {
            Vector128<float> magnitude = Vector128.Sqrt((re[f] * re[f]) + (im[f] * im[f]));
            magnitudes[f] = magnitude.GetElement(0);
            magnitudes[Bins + f] = magnitude.GetElement(1);
            magnitudes[(2 * Bins) + f] = magnitude.GetElement(2);
            magnitudes[(3 * Bins) + f] = magnitude.GetElement(3);
        }
    }

    /// <summary>In-place iterative radix-2 decimation-in-time FFT (e^{-iθ} convention) over bit-reversed input.</summary>
    private void Transform(Span<Vector128<float>> re, Span<Vector128<float>> im)
    {
        int n = Length;
        for (int size = 2; size <= n; size <<= 1)
        {
            int half = size >> 1;
            int step = n / size;
            for (int start = 0; start < n; start += size)
            {
                for (int j = 0; j < half; j++)
                {
                    var wr = Vector128.Create(_cos[j * step]);
                    var wi = Vector128.Create(-_sin[j * step]);
                    int a = start + j, b = a + half;
                    Vector128<float> tr = (re[b] * wr) - (im[b] * wi);
                    Vector128<float> ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555) | ((v & 0x55555555) << 1);
        v = ((v >> 2) & 0x33333333) | ((v & 0x33333333) << 2);
        v = ((v >> 4) & 0x0F0F0F0F) | ((v & 0x0F0F0F0F) << 4);
        v = ((v >> 8) & 0x00FF00FF) | ((v & 0x00FF00FF) << 8);
        return (v >> 16) | (v << 16);
    }
}
