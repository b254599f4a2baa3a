namespace Appliance.Media.Pacing;

/// <summary>
/// The sending side's RTP timestamp: it advances by one frame of samples on every paced tick, whether audio is sent
/// or not, so timestamps stay monotonic and true to wall-clock time across silence and interruptions (RFC 3550 §5.1);
/// the first packet after a gap carries the marker bit (RFC 3551 §4.1). One per outgoing stream, pacer thread only.
/// </summary>
public sealed class RtpTimestampClock
{
    private readonly int _samplesPerFrame;
    private uint _timestamp;
    private bool _sentPrevious;

    public RtpTimestampClock(uint initialTimestamp, int samplesPerFrame)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerFrame);
        _timestamp = initialTimestamp;
        _samplesPerFrame = samplesPerFrame;
    }

    /// <summary>Timestamp for the next tick's frame (wraps modulo 2^32).</summary>
    /// <param name="hasAudio">Whether a packet is sent on this tick.</param>
    /// <param name="skippedFrames">Frames the pacer skipped before this tick (<see cref="PacerTick.SkippedFrames"/>).</param>
    public RtpStamp Next(bool hasAudio, int skippedFrames = 0)
    {
        if (skippedFrames > 0)
        {
            _timestamp += (uint)(skippedFrames * _samplesPerFrame);
            _sentPrevious = false;
        }

        var stamp = new RtpStamp(_timestamp, hasAudio && !_sentPrevious);
        _sentPrevious = hasAudio;
        _timestamp += (uint)_samplesPerFrame;
        return stamp;
    }
}
