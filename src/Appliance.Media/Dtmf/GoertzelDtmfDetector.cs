namespace Appliance.Media.Dtmf;

/// <summary>
/// In-band DTMF detection on 8 kHz PCM, for calls where telephone-event was not negotiated. Each 205-sample block
/// (25.6 ms, the classic size whose DFT bins sit close to all eight tones) runs the Goertzel recurrence for the four row
/// and four column frequencies. A block holds a digit when the strongest row and column tones are loud enough, carry
/// most of the block's energy, stand out from the other tones of their group, and are within the twist limits. A digit
/// is reported once after two consecutive agreeing blocks (≥ 40 ms, ITU-T Q.24) and re-armed only by a block without it.
/// </summary>
public sealed class GoertzelDtmfDetector
{
    private const int BlockSize = 205;
    private const int SampleRate = 8000;

    // Goertzel power of a full-scale-normalized tone of amplitude A is about (A·N/2)²; this floor is A ≈ 300 (about −40 dBFS).
    private const float MinTonePower = 300f * 300f * BlockSize * BlockSize / 4;
    private const float NormalTwist = 6.3f;    // row may exceed column by up to 8 dB (power ratio)
    private const float ReverseTwist = 2.5f;   // column may exceed row by up to 4 dB
    private const float RelativePeak = 6.3f;   // the winning tone beats the others in its group by 8 dB
    private const float ToneEnergyShare = 0.55f; // the two tones carry at least this much of the block's energy

    private static readonly float[] Coefficients = CreateCoefficients();

    private readonly float[] _s1 = new float[8];
    private readonly float[] _s2 = new float[8];
    private float _energy;
    private int _filled;
    private char _lastBlock;
    private char _reported;

    /// <summary>Feeds PCM; writes each newly detected symbol to <paramref name="digits"/> (at most one per 410 samples) and returns how many were written.</summary>
    public int Process(ReadOnlySpan<short> pcm, Span<char> digits)
    {
        int written = 0;
        foreach (short sample in pcm)
        {
            float x = sample;
            _energy += x * x;
            for (int i = 0; i < 8; i++)
            {
                float s = x + (Coefficients[i] * _s1[i]) - _s2[i];
                _s2[i] = _s1[i];
                _s1[i] = s;
            }

            if (++_filled == BlockSize)
            {
                char symbol = ClassifyBlock();
                if (symbol == '\0')
                {
                    _reported = '\0';
                }
                else if (symbol == _lastBlock && symbol != _reported && written < digits.Length)
                {
                    digits[written++] = symbol;
                    _reported = symbol;
                }

                _lastBlock = symbol;
                ResetBlock();
            }
        }

        return written;
    }

    /// <summary>Forgets any partial block and the debounce state (e.g. after a stream restart).</summary>
    public void Reset()
    {
        ResetBlock();
        _lastBlock = '\0';
        _reported = '\0';
    }

    private char ClassifyBlock()
    {
        Span<float> power = stackalloc float[8];
        for (int i = 0; i < 8; i++)
        {
            power[i] = (_s1[i] * _s1[i]) + (_s2[i] * _s2[i]) - (Coefficients[i] * _s1[i] * _s2[i]);
        }

        int row = Strongest(power[..4]);
        int column = Strongest(power[4..]);
        float rowPower = power[row];
        float columnPower = power[4 + column];
        if (rowPower < MinTonePower || columnPower < MinTonePower ||
            rowPower > columnPower * NormalTwist || columnPower > rowPower * ReverseTwist)
        {
            return '\0';
        }

        for (int i = 0; i < 4; i++)
        {
            if ((i != row && power[i] * RelativePeak > rowPower) || (i != column && power[4 + i] * RelativePeak > columnPower))
            {
                return '\0';
            }
        }

        // A tone's energy over the block is 2·power/N; speech spreads its energy far wider than two tones.
        float toneEnergy = 2 * (rowPower + columnPower) / BlockSize;
        return toneEnergy < ToneEnergyShare * _energy ? '\0' : DtmfSymbols.Keypad[(row * 4) + column];
    }

    private static int Strongest(ReadOnlySpan<float> power)
    {
        int best = 0;
        for (int i = 1; i < power.Length; i++)
        {
            best = power[i] > power[best] ? i : best;
        }

        return best;
    }

    private void ResetBlock()
    {
        Array.Clear(_s1);
        Array.Clear(_s2);
        _energy = 0;
        _filled = 0;
    }

    private static float[] CreateCoefficients()
    {
        ReadOnlySpan<int> frequencies = [697, 770, 852, 941, 1209, 1336, 1477, 1633];
        var coefficients = new float[frequencies.Length];
        for (int i = 0; i < frequencies.Length; i++)
        {
            coefficients[i] = (float)(2 * Math.Cos(2 * Math.PI * frequencies[i] / SampleRate));
        }

        return coefficients;
    }
}
