namespace Appliance.Media.Codecs;

/// <summary>ITU-T G.722 64 kbit/s sub-band ADPCM decoder (mode 1): one byte in, two 16 kHz samples out.</summary>
public sealed class G722Decoder
{
    private const int History = 22;
    private const int ChunkCodes = 160;

    private readonly short[] _history = new short[History];
    private G722Band _low;
    private G722Band _high;

    /// <summary>Creates a decoder in the G.722 reset state.</summary>
    public G722Decoder() => Reset();

    /// <summary>Returns to the reset state of G.722 §3.</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _low = G722Band.Create(32);
        _high = G722Band.Create(8);
    }

    /// <summary>Decodes <paramref name="encoded"/>; returns samples written (2 per byte).</summary>
    public int Decode(ReadOnlySpan<byte> encoded, Span<short> pcm)
    {
        pcm = pcm[..(encoded.Length * 2)];
        Span<short> window = stackalloc short[History + (2 * ChunkCodes)];
        _history.CopyTo(window);
        int done = 0;
        while (done < encoded.Length)
        {
            int codes = Math.Min(encoded.Length - done, ChunkCodes);
            for (int k = 0; k < codes; k++)
            {
                Span<short> x = window.Slice(2 * k, 24);
                DecodeCode(encoded[done + k], out x[22], out x[23]);
                Synthesize(x, out pcm[2 * (done + k)], out pcm[(2 * (done + k)) + 1]);
            }

            done += codes;
            window.Slice(codes * 2, History).CopyTo(window);
        }

        window[..History].CopyTo(_history);
        return encoded.Length * 2;
    }

    private void DecodeCode(byte code, out short sum, out short difference)
    {
        int il = code & 0x3F;
        int ih = code >> 6;

        // Block 5L: the output uses the full 6-bit code; the predictor only ever sees the 4-bit one, as in the encoder.
        int rLow = Math.Clamp(_low.Prediction + (_low.Scale * G722Tables.Qm6[il] >> 15), -16384, 16383);
        int ril = il >> 2;
        int dLow = _low.Scale * G722Tables.Qm4[ril] >> 15;
        _low.AdaptLowScale(ril);
        _low.Adapt(dLow);

        int dHigh = _high.Scale * G722Tables.Qm2[ih] >> 15;
        int rHigh = Math.Clamp(_high.Prediction + dHigh, -16384, 16383);
        _high.AdaptHighScale(ih);
        _high.Adapt(dHigh);

        sum = (short)(rLow + rHigh);
        difference = (short)(rLow - rHigh);
    }

    // Receive QMF over the 24 most recent band values (x[22] = rL + rH, x[23] = rL - rH).
    private static void Synthesize(ReadOnlySpan<short> x, out short first, out short second)
    {
        int[] h = G722Tables.Qmf;
        int even = 0;
        int odd = 0;
        for (int i = 0; i < 12; i++)
        {
            even += x[2 * i] * h[i];
            odd += x[(2 * i) + 1] * h[11 - i];
        }

        first = (short)G722Band.Saturate(odd >> 11);
        second = (short)G722Band.Saturate(even >> 11);
    }
}
