using Appliance.Pipeline.Recording;
using Appliance.Pipeline.Runtime;
using Appliance.Pipeline.Runtime.Transport;
using Appliance.Pipeline.Turns;

namespace Appliance.Pipeline.Agents;

/// <summary>One call's pipeline: input transport → [turn-taking] → agent → [transcript] → output transport.</summary>
/// <remarks>
/// Media talks to <see cref="Port"/>; the call layer starts it, ends or cancels it, and awaits <see cref="Completion"/>
/// to learn why it finished (a fatal error or idle timeout means: send BYE).
/// </remarks>
public sealed class CallPipeline : IAsyncDisposable
{
    private readonly CallRecorder? _recorder;

    private CallPipeline(CallAudioPort port, PipelineTask task, CallRecorder? recorder)
    {
        Port = port;
        PipelineTask = task;
        _recorder = recorder;
        Completion = FinishAsync();
    }

    /// <summary>The audio seam for the media engine.</summary>
    public CallAudioPort Port { get; }

    /// <summary>The running task (advanced use: queue frames, e.g. from a control channel).</summary>
    public PipelineTask PipelineTask { get; }

    /// <summary>Completes when the call's pipeline has stopped and its recording is closed, with the reason.</summary>
    public Task<PipelineEndResult> Completion { get; }

    /// <summary>Builds the pipeline for <paramref name="agent"/>.</summary>
    public static CallPipeline Create(AgentDefinition agent, CallPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(options);

        CallRecorder? recorder = options.Recording is { } recording
            ? CallRecorder.Start(options.CallId, options.SampleRate, recording, options.TimeProvider, options.Metrics, options.Logger)
            : null;
        var port = new CallAudioPort(new CallAudioPortOptions
        {
            SampleRate = options.SampleRate,
            BotStoppedAfter = options.BotStoppedAfter,
            Tap = recorder is { Enabled: true } ? recorder : null,
        });

        List<FrameProcessor> processors = [port.Input];
        if (agent.UsesTurnTaking)
        {
            IVoiceActivityDetector detector = options.VoiceActivityDetectorFactory?.Invoke()
                ?? throw new InvalidOperationException($"Agent '{agent.Name}' needs a voice activity detector.");
            processors.Add(new UserTurnProcessor(detector, options.TurnCompletionFactory?.Invoke(), options.TurnTaking));
        }

        processors.AddRange(agent.Create(new AgentContext(options.CallId, port, options.TimeProvider)
        {
            Call = options.Call,
            Actions = options.Actions,
            Ended = options.Ended,
        }));
        if (recorder is { Enabled: true })
        {
            processors.Add(new TranscriptProcessor(recorder));
        }

        processors.Add(port.Output);
        var task = new PipelineTask(processors, new PipelineTaskOptions
        {
            TimeProvider = options.TimeProvider,
            IdleTimeout = options.IdleTimeout,
            AudioPool = options.AudioPool,
            Metrics = options.Metrics,
            Observer = options.Observer,
            Logger = options.Logger,
        });
        return new CallPipeline(port, task, recorder);
    }

    /// <summary>The recording's WAV and transcript paths, when this call is recorded.</summary>
    public (string Wav, string Transcript)? RecordingPaths => _recorder is { Enabled: true } r ? (r.WavPath, r.TranscriptPath) : null;

    /// <summary>Starts the processors; completes when the pipeline is ready (or has already ended).</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => PipelineTask.StartAsync(cancellationToken);

    /// <summary>Ends gracefully: queued frames flow through and queued bot audio plays out first.</summary>
    public void End() => PipelineTask.End();

    /// <summary>Stops at once (the call was hung up).</summary>
    public Task<PipelineEndResult> CancelAsync(string? detail = null)
    {
        _ = PipelineTask.CancelAsync(detail);
        return Completion;
    }

    /// <summary>Cancels if running and waits for the pipeline and recording to close.</summary>
    public async ValueTask DisposeAsync()
    {
        await PipelineTask.DisposeAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
    }

    private async Task<PipelineEndResult> FinishAsync()
    {
        PipelineEndResult result = await PipelineTask.Completion.ConfigureAwait(false);
        if (_recorder is not null)
        {
            await _recorder.DisposeAsync().ConfigureAwait(false);
        }

        return result;
    }
}
