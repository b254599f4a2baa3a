using System.Diagnostics;
using System.Diagnostics.Metrics;
using Appliance.Pipeline.Turns;

namespace Appliance.Pipeline.Vad;

/// <summary>
/// Turn-taking's view of Silero VAD: one analyzer per call over the shared model weights.
/// <paramref name="inferenceTime"/>, when given, records the time of each call that ran the model.
/// </summary>
public sealed class SileroVoiceActivityDetector(SileroModel model, int sampleRate, VadParams? parameters = null, Histogram<double>? inferenceTime = null) : IVoiceActivityDetector
{
    private readonly VadAnalyzer _analyzer = new(model, sampleRate, parameters);

    public VoiceActivityEvent Analyze(ReadOnlySpan<short> samples, int sampleRate, TimeSpan streamTime)
    {
        var chunksBefore = _analyzer.Position / _analyzer.ChunkSamples;
        var started = Stopwatch.GetTimestamp();
        var result = AnalyzeCore(samples);
        if (inferenceTime is not null && _analyzer.Position / _analyzer.ChunkSamples != chunksBefore)
        {
            inferenceTime.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        return result;
    }

    private VoiceActivityEvent AnalyzeCore(ReadOnlySpan<short> samples)
    {
        // 20 ms frames need one slot; only an unusually large buffer takes the heap.
        var needed = _analyzer.MaxTransitions(samples.Length);
        Span<VadTransition> transitions = needed <= 4 ? stackalloc VadTransition[4] : new VadTransition[needed];
        var count = _analyzer.Analyze(samples, transitions);
        if (count == 0)
        {
            return VoiceActivityEvent.None;
        }
        // Frames are 20 ms and the model confirms at most one change per 32 ms chunk, so the last is the state now.
        var last = transitions[count - 1];
        var kind = last.Kind == VadTransitionKind.UserStartedSpeaking ? VoiceActivityKind.SpeechStarted : VoiceActivityKind.SpeechStopped;
        return new VoiceActivityEvent(kind, TimeSpan.FromSeconds((double)last.OnsetSample / _analyzer.SampleRate));
    }
}
