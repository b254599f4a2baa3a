using System.Runtime.CompilerServices;

namespace Appliance.Media.Rtp;

/// <summary>Wrap-around comparisons for RTP sequence numbers and timestamps (RFC 1982 serial-number arithmetic).</summary>
public static class SerialNumber
{
    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/> in sequence space (−32768..32767).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Difference(ushort to, ushort from) => (short)(ushort)(to - from);

    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/> in timestamp space.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Difference(uint to, uint from) => (int)(to - from);

    /// <summary>True if <paramref name="a"/> comes after <paramref name="b"/> (modulo 2^16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNewer(ushort a, ushort b) => Difference(a, b) > 0;

    /// <summary>True if <paramref name="a"/> comes after <paramref name="b"/> (modulo 2^32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNewer(uint a, uint b) => Difference(a, b) > 0;
}
