namespace Appliance.Media.Jitter;

/// <summary>
/// PCM-domain packet-loss concealment, a simplified G.711 Appendix I: on the first lost frame the pitch period is
/// estimated from recent history (normalised cross-correlation, 5–15 ms) and the last period is repeated; the first
/// 10 ms play at full level, then the level falls linearly by 20 % per 10 ms, reaching silence after 60 ms of loss.
/// The first good frame after a loss is cross-faded from the continued synthetic waveform over 4 ms.
/// Simplifications against Appendix I: one pitch period is repeated throughout (no widening to 2–3 periods) and there
/// is no 3.75 ms output delay, so the start of concealment is not overlap-added into already played audio.
/// One instance per decoded stream; zero allocation after construction.
/// </summary>
public sealed class PacketLossConcealer
{
    private readonly int _frameSamples;
    private readonly int _minPitch;
    private readonly int _maxPitch;
    private readonly int _correlationLength;
    private readonly int _fullLevelSamples;
    private readonly int _fadeSamples;
    private readonly int _crossFadeSamples;
    private readonly short[] _history;
    private readonly short[] _period;

    private int _pitch;
    private int _periodPosition;
    private int _concealedSamples;

    /// <param name="sampleRate">PCM rate, e.g. 8000 or 16000.</param>
    /// <param name="frameSamples">Samples per frame (160 for 20 ms at 8 kHz).</param>
    public PacketLossConcealer(int sampleRate, int frameSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameSamples);
        _frameSamples = frameSamples;
        _minPitch = sampleRate / 200;
        _maxPitch = sampleRate * 15 / 1000;
        _correlationLength = sampleRate / 50;
        _fullLevelSamples = sampleRate / 100;
        _fadeSamples = sampleRate / 20;
        _crossFadeSamples = Math.Min(frameSamples, sampleRate / 250);
        _history = new short[_correlationLength + _maxPitch];
        _period = new short[_maxPitch];
    }

    /// <summary>Consecutive frames concealed since the last good one.</summary>
    public int ConsecutiveLosses { get; private set; }

    /// <summary>Records a good decoded frame, cross-fading into it first if the previous frame was concealed.</summary>
    public void Accept(Span<short> frame)
    {
        if (frame.Length != _frameSamples)
        {
            ThrowHelper.ThrowFrameLength(nameof(frame));
        }

        if (ConsecutiveLosses > 0)
        {
            for (int i = 0; i < _crossFadeSamples; i++)
            {
                float weight = (i + 1f) / (_crossFadeSamples + 1f);
                frame[i] = (short)MathF.Round((frame[i] * weight) + (NextSynthetic() * (1 - weight)));
            }

            ConsecutiveLosses = 0;
        }

        Remember(frame);
    }

    /// <summary>Writes one frame of concealment in place of a lost or missing one.</summary>
    public void Conceal(Span<short> output)
    {
        if (output.Length != _frameSamples)
        {
            ThrowHelper.ThrowFrameLength(nameof(output));
        }

        if (ConsecutiveLosses == 0)
        {
            StartConcealment();
        }

        for (int i = 0; i < output.Length; i++)
        {
            output[i] = (short)MathF.Round(NextSynthetic());
        }

        ConsecutiveLosses++;
        Remember(output);
    }

    private void StartConcealment()
    {
        _pitch = EstimatePitch();
        _history.AsSpan(_history.Length - _pitch, _pitch).CopyTo(_period);
        _periodPosition = 0;
        _concealedSamples = 0;
    }

    /// <summary>The next sample of the repeated period at the current fade level.</summary>
    private float NextSynthetic()
    {
        int elapsed = _concealedSamples++;
        float gain = elapsed < _fullLevelSamples ? 1f : Math.Max(0f, 1f - ((elapsed - _fullLevelSamples) / (float)_fadeSamples));
        float sample = _period[_periodPosition] * gain;
        if (++_periodPosition == _pitch)
        {
            _periodPosition = 0;
        }

        return sample;
    }

    /// <summary>The lag (in range) that best aligns the newest samples with an earlier stretch of history.</summary>
    private int EstimatePitch()
    {
        ReadOnlySpan<short> history = _history;
        ReadOnlySpan<short> recent = history[^_correlationLength..];
        int bestLag = _maxPitch;
        double bestScore = double.NegativeInfinity;
        for (int lag = _minPitch; lag <= _maxPitch; lag++)
        {
            ReadOnlySpan<short> earlier = history.Slice(history.Length - _correlationLength - lag, _correlationLength);
            double cross = 0, energy = 0;
            for (int i = 0; i < recent.Length; i++)
            {
                cross += recent[i] * earlier[i];
                energy += earlier[i] * earlier[i];
            }

            double score = energy > 0 ? cross / Math.Sqrt(energy) : 0;
            if (score > bestScore)
            {
                (bestScore, bestLag) = (score, lag);
            }
        }

        return bestLag;
    }

    private void Remember(ReadOnlySpan<short> frame)
    {
        if (frame.Length >= _history.Length)
        {
            frame[^_history.Length..].CopyTo(_history);
            return;
        }

        _history.AsSpan(frame.Length).CopyTo(_history);
        frame.CopyTo(_history.AsSpan(_history.Length - frame.Length));
    }
}
