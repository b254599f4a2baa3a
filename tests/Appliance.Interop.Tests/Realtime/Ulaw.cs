namespace Appliance.Interop.Tests.Realtime;

/// <summary>
/// G.711 µ-law as the classic reference (Sun's g711.c), independent of the appliance's codec. Quiet negative samples
/// encode to 0x7F ("negative zero"), which a decode/encode round trip turns into 0xFF: bytes with 0x7F tell a true
/// pass-through from transcoding.
/// </summary>
internal static class Ulaw
{
    private const int Bias = 0x84;
    private const int Clip = 32635;
    private const int FrameBytes = 160;

    public static byte[] Encode(ReadOnlySpan<short> pcm)
    {
        var encoded = new byte[pcm.Length];
        for (int i = 0; i < pcm.Length; i++)
        {
            int sample = pcm[i];
            int mask = 0xFF;
            if (sample < 0)
            {
                sample = -sample;
                mask = 0x7F;
            }

            sample = Math.Min(sample, Clip) + Bias;
            int segment = 0;
            while (segment < 7 && sample >= 0x100 << segment)
            {
                segment++;
            }

            encoded[i] = (byte)(((segment << 4) | ((sample >> (segment + 3)) & 0x0F)) ^ mask);
        }

        return encoded;
    }

    public static short[] Decode(ReadOnlySpan<byte> ulaw)
    {
        var pcm = new short[ulaw.Length];
        for (int i = 0; i < ulaw.Length; i++)
        {
            int u = ~ulaw[i];
            int magnitude = ((((u & 0x0F) << 3) + Bias) << ((u & 0x70) >> 4)) - Bias;
            pcm[i] = (short)((u & 0x80) != 0 ? -magnitude : magnitude);
        }

        return pcm;
    }

    /// <summary>
    /// Where <paramref name="needle"/> first occurs in <paramref name="haystack"/> counting 0x7F and 0xFF (µ-law's two
    /// zeros) as equal, so a transcoding path still matches; -1 when it does not.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) =>
        Canonical(haystack).AsSpan().IndexOf(Canonical(needle));

    /// <summary>
    /// How many of <paramref name="expected"/>'s whole 20 ms frames occur in <paramref name="actual"/>, in order, byte for
    /// byte (zeros as in <see cref="Find"/> unless <paramref name="exact"/>). A receiving jitter buffer may drop or
    /// conceal a frame now and then to adapt its delay, so a stream that went through one is compared frame by frame.
    /// </summary>
    public static int FramesFound(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected, bool exact)
    {
        byte[] haystack = exact ? actual.ToArray() : Canonical(actual);
        byte[] frames = exact ? expected.ToArray() : Canonical(expected);
        int found = 0;
        int searchFrom = 0;
        for (int offset = 0; offset + FrameBytes <= frames.Length; offset += FrameBytes)
        {
            int at = haystack.AsSpan(searchFrom).IndexOf(frames.AsSpan(offset, FrameBytes));
            if (at >= 0)
            {
                found++;
                searchFrom += at + FrameBytes;
            }
        }

        return found;
    }

    /// <summary>How many bytes of <paramref name="expected"/> <paramref name="actual"/> reproduces from its start (zeros as in <see cref="Find"/>).</summary>
    public static int MatchingPrefix(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected)
    {
        int length = Math.Min(actual.Length, expected.Length);
        int i = 0;
        while (i < length && (actual[i] == expected[i] || (actual[i] | 0x80) == 0xFF && (expected[i] | 0x80) == 0xFF))
        {
            i++;
        }

        return i;
    }

    private static byte[] Canonical(ReadOnlySpan<byte> ulaw)
    {
        byte[] copy = ulaw.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] == 0x7F)
            {
                copy[i] = 0xFF;
            }
        }

        return copy;
    }
}
