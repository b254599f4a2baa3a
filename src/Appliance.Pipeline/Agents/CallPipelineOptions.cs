using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Recording;
using Appliance.Pipeline.Runtime;
using Appliance.Pipeline.Turns;
using Microsoft.Extensions.Logging;

namespace Appliance.Pipeline.Agents;

/// <summary>Per-call settings for <see cref="CallPipeline.Create"/>; the shared parts (pool, metrics, factories) can be reused across calls.</summary>
public sealed class CallPipelineOptions
{
    /// <summary>The call's identifier (recording file names, logs).</summary>
    public required string CallId { get; init; }

    /// <summary>PCM rate inside the pipeline; media resamples to and from it.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>End the call after this long without conversational activity; null for never.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Shared audio frame pool.</summary>
    public AudioFramePool? AudioPool { get; init; }

    /// <summary>Shared metrics.</summary>
    public PipelineMetrics? Metrics { get; init; }

    /// <summary>Logger for this call.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Frame observer (tests, tracing).</summary>
    public IFrameObserver? Observer { get; init; }

    /// <summary>Makes this call's voice activity detector; required by agents that use turn-taking.</summary>
    public Func<IVoiceActivityDetector>? VoiceActivityDetectorFactory { get; init; }

    /// <summary>Makes this call's end-of-turn model; null ends turns on VAD silence alone.</summary>
    public Func<ITurnCompletionModel>? TurnCompletionFactory { get; init; }

    /// <summary>Turn-taking timing.</summary>
    public TurnTakingOptions? TurnTaking { get; init; }

    /// <summary>How long playout must run dry before the bot counts as stopped.</summary>
    public TimeSpan BotStoppedAfter { get; init; } = TimeSpan.FromMilliseconds(350);

    /// <summary>Records the call (stereo WAV and transcript) when set.</summary>
    public RecordingOptions? Recording { get; init; }

    /// <summary>Parties, direction and headers, handed to the agent.</summary>
    public CallInfo? Call { get; init; }

    /// <summary>Call control handed to the agent.</summary>
    public ICallActions? Actions { get; init; }

    /// <summary>Completes when the call is torn down, handed to the agent.</summary>
    public Task<CallOutcome>? Ended { get; init; }
}
