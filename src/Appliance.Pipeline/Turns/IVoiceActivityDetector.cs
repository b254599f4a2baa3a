namespace Appliance.Pipeline.Turns;

/// <summary>Turns caller PCM into speech started/stopped events (Silero VAD behind an adapter); one instance per call.</summary>
public interface IVoiceActivityDetector
{
    /// <summary>Analyzes the next chunk of inbound audio, which starts at <paramref name="streamTime"/>; must not allocate per call.</summary>
    VoiceActivityEvent Analyze(ReadOnlySpan<short> samples, int sampleRate, TimeSpan streamTime);
}
