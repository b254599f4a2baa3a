using System.Runtime.CompilerServices;

namespace Appliance.Media.Codecs;

/// <summary>G.711 A-law (PCMA), bit-exact with the ITU-T G.191 STL <c>alaw_compress</c>/<c>alaw_expand</c>.</summary>
public static class ALaw
{
    // A-law quantizes x >> 3 (13 bits), so an 8K table indexed by those bits is exact, -32768 included.
    private static readonly byte[] EncodeTable = BuildEncodeTable();
    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>Encodes one 16-bit linear sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Encode(short sample) => EncodeTable[(sample >> 3) & 0x1FFF];

    /// <summary>Decodes one A-law byte to 16-bit linear (range ±32256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Decode(byte code) => DecodeTable[code];

    /// <summary>Encodes <paramref name="pcm"/> into <paramref name="encoded"/> (one byte per sample); returns bytes written.</summary>
    public static int Encode(ReadOnlySpan<short> pcm, Span<byte> encoded) => G711Lookup.Encode(pcm, encoded, EncodeTable, 3);

    /// <summary>Decodes <paramref name="encoded"/> into <paramref name="pcm"/>; returns samples written.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<short> pcm) => G711Lookup.Decode(encoded, pcm, DecodeTable);

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[1 << 13];
        for (int i = 0; i < table.Length; i++)
        {
            int top13 = (i << 19) >> 19; // sign-extend back to x >> 3
            table[i] = Compress(top13);
        }

        return table;
    }

    // Negatives use one's complement (-x - 1) so that -32768 lands in the top segment instead of overflowing.
    private static byte Compress(int top13)
    {
        int mask = 0xD5;
        int magnitude = top13;
        if (top13 < 0)
        {
            mask = 0x55;
            magnitude = -top13 - 1;
        }

        // 13-bit input keeps magnitude <= 4095, so the segment never exceeds 7 and needs no overload clamp.
        int segment = magnitude <= 0x1F ? 0 : 32 - int.LeadingZeroCount(magnitude >> 5);

        int mantissa = segment < 2 ? (magnitude >> 1) & 0xF : (magnitude >> segment) & 0xF;
        return (byte)(((segment << 4) | mantissa) ^ mask);
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int code = 0; code < 256; code++)
        {
            int a = code ^ 0x55;
            int t = (a & 0x0F) << 4;
            int segment = (a & 0x70) >> 4;
            t = segment switch
            {
                0 => t + 8,
                1 => t + 0x108,
                _ => (t + 0x108) << (segment - 1),
            };
            table[code] = (short)((a & 0x80) != 0 ? t : -t);
        }

        return table;
    }
}
