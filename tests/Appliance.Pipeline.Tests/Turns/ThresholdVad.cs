using Appliance.Pipeline.Turns;

namespace Appliance.Pipeline.Tests.Turns;

/// <summary>A deterministic stand-in for Silero: a chunk is speech when any sample exceeds the threshold; stop after N silent chunks.</summary>
internal sealed class ThresholdVad(int silentChunksToStop = 3, short threshold = 1000) : IVoiceActivityDetector
{
    private bool _speaking;
    private int _silentChunks;
    private TimeSpan _silenceStartedAt;

    public VoiceActivityEvent Analyze(ReadOnlySpan<short> samples, int sampleRate, TimeSpan streamTime)
    {
        bool loud = false;
        foreach (short sample in samples)
        {
            loud |= Math.Abs((int)sample) > threshold;
        }

        if (loud)
        {
            _silentChunks = 0;
            if (!_speaking)
            {
                _speaking = true;
                return new VoiceActivityEvent(VoiceActivityKind.SpeechStarted, streamTime);
            }

            return VoiceActivityEvent.None;
        }

        if (_speaking && _silentChunks++ == 0)
        {
            _silenceStartedAt = streamTime;
        }

        if (_speaking && _silentChunks >= silentChunksToStop)
        {
            _speaking = false;
            return new VoiceActivityEvent(VoiceActivityKind.SpeechStopped, _silenceStartedAt);
        }

        return VoiceActivityEvent.None;
    }
}
