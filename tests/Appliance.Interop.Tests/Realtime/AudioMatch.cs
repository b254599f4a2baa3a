using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>Whether audio that went through codecs and resamplers still carries the original.</summary>
internal static class AudioMatch
{
    /// <summary>
    /// How well <paramref name="copy"/> contains <paramref name="original"/> (same rate) somewhere: the median over 250 ms
    /// segments of the normalized correlation at the best alignment, allowing a 20 ms slip; 0 when it is too short.
    /// </summary>
    public static double Similarity(short[] original, short[] copy, int rate)
    {
        if (copy.Length < original.Length)
        {
            return 0;
        }

        int at = Signal.FindCopy(original, 0, original.Length, copy, 0, copy.Length - original.Length, rate);
        return Signal.SegmentedSimilarity(original, 0, copy, Math.Max(0, at), Math.Min(original.Length, copy.Length - Math.Max(0, at)), rate, rate / 50);
    }

    /// <summary>20 ms frames of µ-law audio louder than <paramref name="rms"/>.</summary>
    public static int LoudFrames(ReadOnlySpan<byte> ulaw, double rms = 1000)
    {
        int loud = 0;
        for (int offset = 0; offset + RtpPeer.FrameBytes <= ulaw.Length; offset += RtpPeer.FrameBytes)
        {
            if (Signal.Rms(Ulaw.Decode(ulaw.Slice(offset, RtpPeer.FrameBytes))) > rms)
            {
                loud++;
            }
        }

        return loud;
    }
}
