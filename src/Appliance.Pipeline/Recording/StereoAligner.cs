namespace Appliance.Pipeline.Recording;

/// <summary>Pairs caller and bot samples by sample clock into interleaved stereo, filling an idle side with silence.</summary>
/// <remarks>
/// Both sides arrive at the same rate (media pushes 20 ms, the pacer pulls 20 ms), so sample n of one side is
/// written beside sample n of the other. When one side runs ahead by more than the slack, the other is taken to
/// be idle (no RTP, pacer not running) and padded with silence so the recording keeps real time.
/// </remarks>
internal sealed class StereoAligner
{
    private readonly SampleFifo _caller = new();
    private readonly SampleFifo _bot = new();
    private readonly int _slack;

    public StereoAligner(int slackSamples) => _slack = slackSamples;

    public void Add(RecordingChannel channel, ReadOnlySpan<short> samples) =>
        (channel == RecordingChannel.Caller ? _caller : _bot).Append(samples);

    /// <summary>Writes aligned stereo frames into <paramref name="interleaved"/>; returns the number of stereo frames written.</summary>
    /// <param name="interleaved">Destination, two samples (left, right) per frame.</param>
    /// <param name="flush">True at the end of the call: write everything, padding the shorter side.</param>
    public int Take(Span<short> interleaved, bool flush)
    {
        int callerCount = _caller.Count;
        int botCount = _bot.Count;
        int ready = Math.Min(callerCount, botCount);
        int ahead = Math.Max(callerCount, botCount);
        if (flush)
        {
            ready = ahead;
        }
        else if (ahead - ready > _slack)
        {
            ready = ahead - _slack;
        }

        int frames = Math.Min(ready, interleaved.Length / 2);
        ReadOnlySpan<short> left = _caller.Pending;
        ReadOnlySpan<short> right = _bot.Pending;
        for (int i = 0; i < frames; i++)
        {
            interleaved[2 * i] = i < left.Length ? left[i] : (short)0;
            interleaved[(2 * i) + 1] = i < right.Length ? right[i] : (short)0;
        }

        _caller.Consume(frames);
        _bot.Consume(frames);
        return frames;
    }
}
