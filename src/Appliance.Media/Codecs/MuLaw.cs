using System.Runtime.CompilerServices;

namespace Appliance.Media.Codecs;

/// <summary>G.711 µ-law (PCMU), bit-exact with the ITU-T G.191 STL <c>ulaw_compress</c>/<c>ulaw_expand</c>.</summary>
public static class MuLaw
{
    // The G.191 encoder only looks at x >> 2 (negatives use one's complement, and ~x >> 2 == ~(x >> 2)),
    // so a 16K table indexed by the top 14 bits is exact, including the -32768 clamp, and stays L1-resident.
    private static readonly byte[] EncodeTable = BuildEncodeTable();
    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>Encodes one 16-bit linear sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Encode(short sample) => EncodeTable[(sample >> 2) & 0x3FFF];

    /// <summary>Decodes one µ-law byte to 16-bit linear (range ±32124).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Decode(byte code) => DecodeTable[code];

    /// <summary>Encodes <paramref name="pcm"/> into <paramref name="encoded"/> (one byte per sample); returns bytes written.</summary>
    public static int Encode(ReadOnlySpan<short> pcm, Span<byte> encoded) => G711Lookup.Encode(pcm, encoded, EncodeTable, 2);

    /// <summary>Decodes <paramref name="encoded"/> into <paramref name="pcm"/>; returns samples written.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<short> pcm) => G711Lookup.Decode(encoded, pcm, DecodeTable);

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[1 << 14];
        for (int i = 0; i < table.Length; i++)
        {
            int top14 = (i << 18) >> 18; // sign-extend the 14-bit index back to x >> 2
            table[i] = Compress(top14);
        }

        return table;
    }

    // G.191 ulaw_compress on x >> 2: magnitude biased by 33 (0x21), clamped to 13 bits, then segment/mantissa inverted.
    private static byte Compress(int top14)
    {
        int absno = (top14 < 0 ? ~top14 : top14) + 33;
        if (absno > 0x1FFF)
        {
            absno = 0x1FFF;
        }

        int segno = 1 + (32 - int.LeadingZeroCount(absno >> 6));
        int code = ((8 - segno) << 4) | (15 - ((absno >> segno) & 0xF));
        return (byte)(top14 >= 0 ? code | 0x80 : code);
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int code = 0; code < 256; code++)
        {
            int u = ~code;
            int t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
            table[code] = (short)((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
        }

        return table;
    }
}
