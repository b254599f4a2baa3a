namespace Appliance.Media.Codecs;

/// <summary>ITU-T G.722 64 kbit/s sub-band ADPCM encoder (mode 1): 16 kHz PCM in, one byte per two samples out.</summary>
public sealed class G722Encoder
{
    private const int History = 22; // QMF taps (24) minus the two samples each output consumes
    private const int ChunkSamples = 320;

    private readonly short[] _history = new short[History];
    private G722Band _low;
    private G722Band _high;

    /// <summary>Creates an encoder in the G.722 reset state.</summary>
    public G722Encoder() => Reset();

    /// <summary>Returns to the reset state of G.722 §3.</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _low = G722Band.Create(32);
        _high = G722Band.Create(8);
    }

    /// <summary>Encodes sample pairs of <paramref name="pcm"/>; returns bytes written (pcm.Length / 2; an odd last sample is ignored).</summary>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> encoded)
    {
        int codes = pcm.Length / 2;
        encoded = encoded[..codes];
        Span<short> window = stackalloc short[History + ChunkSamples];
        _history.CopyTo(window);
        int written = 0;
        while (written < codes)
        {
            int pairs = Math.Min(codes - written, ChunkSamples / 2);
            pcm.Slice(written * 2, pairs * 2).CopyTo(window[History..]);
            for (int k = 0; k < pairs; k++)
            {
                encoded[written + k] = EncodePair(window.Slice(2 * k, 24));
            }

            written += pairs;
            window.Slice(pairs * 2, History).CopyTo(window);
        }

        window[..History].CopyTo(_history);
        return codes;
    }

    private byte EncodePair(ReadOnlySpan<short> x)
    {
        // Transmit QMF: x[22] is the older and x[23] the newer input sample of this pair.
        int[] h = G722Tables.Qmf;
        int even = 0;
        int odd = 0;
        for (int i = 0; i < 12; i++)
        {
            odd += x[2 * i] * h[i];
            even += x[(2 * i) + 1] * h[11 - i];
        }

        int xLow = (even + odd) >> 14;
        int xHigh = (even - odd) >> 14;

        int il = QuantizeLow(G722Band.Saturate(xLow - _low.Prediction), _low.Scale);
        int ril = il >> 2;
        int dLow = _low.Scale * G722Tables.Qm4[ril] >> 15;
        _low.AdaptLowScale(ril);
        _low.Adapt(dLow);

        int ih = QuantizeHigh(G722Band.Saturate(xHigh - _high.Prediction), _high.Scale);
        int dHigh = _high.Scale * G722Tables.Qm2[ih] >> 15;
        _high.AdaptHighScale(ih);
        _high.Adapt(dHigh);

        return (byte)((ih << 6) | il);
    }

    // Block 1L: 6-bit quantizer over 30 intervals scaled by DETL. (A binary search measured no faster: the linear scan
    // predicts well because speech sits mostly in the low intervals.)
    private static int QuantizeLow(int el, int scale)
    {
        int magnitude = el >= 0 ? el : -(el + 1);
        int[] q6 = G722Tables.Q6;
        int mil = 1;
        while (mil < 30 && magnitude >= (q6[mil] * scale >> 12))
        {
            mil++;
        }

        return el < 0 ? G722Tables.Iln[mil] : G722Tables.Ilp[mil];
    }

    // Block 1H: 2-bit quantizer with one decision level at 564/4096 × DETH.
    private static int QuantizeHigh(int eh, int scale)
    {
        int magnitude = eh >= 0 ? eh : -(eh + 1);
        bool large = magnitude >= (564 * scale >> 12);
        return eh < 0 ? (large ? 0 : 1) : (large ? 2 : 3);
    }
}
