namespace Appliance.Media.Codecs;

/// <summary>The span loops both G.711 laws share: each law is a table lookup per sample, in either direction.</summary>
internal static class G711Lookup
{
    /// <summary>
    /// Encodes with a table indexed by the sample's top bits: <paramref name="shift"/> drops the low bits the law ignores,
    /// and the table's power-of-two length masks the rest (negatives wrap into the upper half).
    /// </summary>
    public static int Encode(ReadOnlySpan<short> pcm, Span<byte> encoded, byte[] table, int shift)
    {
        encoded = encoded[..pcm.Length];
        int mask = table.Length - 1;
        for (int i = 0; i < pcm.Length; i++)
        {
            encoded[i] = table[(pcm[i] >> shift) & mask];
        }

        return pcm.Length;
    }

    /// <summary>Decodes with a 256-entry table; returns samples written.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<short> pcm, short[] table)
    {
        pcm = pcm[..encoded.Length];
        for (int i = 0; i < encoded.Length; i++)
        {
            pcm[i] = table[encoded[i]];
        }

        return encoded.Length;
    }
}
