using Appliance.Pipeline.Frames;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Pipeline.Runtime;

/// <summary>Runs a chain of processors for one call: start, graceful end, cancel, idle timeout and fatal-error hang-up.</summary>
/// <remarks>
/// Frames leaving the downstream end (the sink) and the upstream end (the source) come back to the task: an
/// <see cref="EndFrame"/> at the sink means everything before it was flushed and the task stops; a fatal
/// <see cref="ErrorFrame"/> or a <see cref="CancelFrame"/> at either end stops it at once. <see cref="Completion"/>
/// then carries the reason, which the call layer turns into a BYE.
/// </remarks>
public sealed class PipelineTask : IAsyncDisposable
{
    private readonly FrameProcessor[] _processors;
    private readonly Task[] _loops;
    private readonly TimeSpan? _idleTimeout;
    private readonly TaskCompletionSource<PipelineEndResult> _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<PipelineEndResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PipelineEndReason? _pendingEndReason;
    private ITimer? _idleTimer;
    private int _started;

    /// <summary>Links <paramref name="processors"/> in order (first receives input, last feeds the sink).</summary>
    public PipelineTask(IReadOnlyList<FrameProcessor> processors, PipelineTaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(processors);
        if (processors.Count == 0)
        {
            throw new ArgumentException("A pipeline needs at least one processor.", nameof(processors));
        }

        options ??= new PipelineTaskOptions();
        TimeProvider = options.TimeProvider;
        AudioPool = options.AudioPool ?? new AudioFramePool();
        Metrics = options.Metrics;
        Observer = options.Observer;
        Logger = options.Logger ?? NullLogger.Instance;
        _idleTimeout = options.IdleTimeout;

        _processors = [.. processors];
        _loops = new Task[_processors.Length];
        var queues = new FrameQueue[_processors.Length];
        for (int i = 0; i < queues.Length; i++)
        {
            queues[i] = new FrameQueue(options.QueueCapacity);
            if (i > 0)
            {
                queues[i].Producer = queues[i - 1];
                queues[i - 1].Consumer = queues[i];
            }
        }

        for (int i = 0; i < _processors.Length; i++)
        {
            _processors[i].Attach(this, queues[i], i > 0 ? _processors[i - 1] : null, i < _processors.Length - 1 ? _processors[i + 1] : null);
        }
    }

    /// <summary>Completes when the task has stopped, with the reason.</summary>
    public Task<PipelineEndResult> Completion => _completion.Task;

    internal TimeProvider TimeProvider { get; }

    internal AudioFramePool AudioPool { get; }

    internal PipelineMetrics? Metrics { get; }

    internal IFrameObserver? Observer { get; }

    internal ILogger Logger { get; }

    /// <summary>Starts every processor, then sends a <see cref="StartFrame"/> through; completes once it reached the sink (ready) or the task ended.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The pipeline task was already started.");
        }

        _ = SuperviseAsync();
        foreach (FrameProcessor processor in _processors)
        {
            try
            {
                await processor.OnStartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Any start failure ends the call with a reason instead of escaping to the call layer.
                PipelineLog.StartFailed(Logger, processor.Name, ex);
                Stop(PipelineEndReason.FatalError, $"{processor.Name} failed to start: {ex.Message}");
                return;
            }
        }

        if (_stopRequested.Task.IsCompleted)
        {
            // Cancelled while the processors were starting: nothing to run.
            return;
        }

        for (int i = 0; i < _processors.Length; i++)
        {
            _loops[i] = _processors[i].RunAsync();
        }

        if (_idleTimeout is { } idle)
        {
            _idleTimer = TimeProvider.CreateTimer(static state => ((PipelineTask)state!).RequestEnd(PipelineEndReason.IdleTimeout), this, idle, Timeout.InfiniteTimeSpan);
        }

        QueueFrame(StartFrame.Instance);
        await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues <paramref name="frame"/> downstream into the first processor; false (frame released) once the task has stopped.</summary>
    public bool QueueFrame(Frame frame) => _processors[0].Queue.Enqueue(frame, FrameDirection.Downstream);

    /// <summary>Ends gracefully: everything queued before the <see cref="EndFrame"/> flows through, then the task stops.</summary>
    public void End() => RequestEnd(PipelineEndReason.Ended);

    /// <summary>Stops at once, dropping every queued frame.</summary>
    public Task<PipelineEndResult> CancelAsync(string? detail = null)
    {
        Stop(PipelineEndReason.Cancelled, detail);
        return Completion;
    }

    /// <summary>Cancels if still running and waits for the stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = SuperviseAsync();
        }

        await CancelAsync("disposed").ConfigureAwait(false);
    }

    internal void OnFrameLeftPipeline(Frame frame, FrameDirection direction)
    {
        switch (frame)
        {
            case AudioFrame:
                break;
            case StartFrame when direction == FrameDirection.Downstream:
                _ready.TrySetResult();
                break;
            case EndFrame when direction == FrameDirection.Downstream:
                Stop(_pendingEndReason ?? PipelineEndReason.Ended);
                break;
            case EndFrame:
                End();
                break;
            case CancelFrame:
                Stop(PipelineEndReason.Cancelled);
                break;
            case ErrorFrame error:
                Metrics?.Errors.Add(1);
                PipelineLog.ErrorReported(Logger, error.Source, error.Fatal, error.Message);
                if (error.Fatal)
                {
                    Stop(PipelineEndReason.FatalError, error.Source is null ? error.Message : $"{error.Source}: {error.Message}");
                }

                break;
        }

        // Audio flows all the time (silence too), so only the other frames count as conversational activity.
        if (frame is not AudioFrame && _idleTimeout is { } idle)
        {
            _idleTimer?.Change(idle, Timeout.InfiniteTimeSpan);
        }

        frame.Release();
    }

    private void RequestEnd(PipelineEndReason reason)
    {
        lock (_stopRequested)
        {
            if (_pendingEndReason is not null)
            {
                return;
            }

            _pendingEndReason = reason;
        }

        QueueFrame(EndFrame.Instance);
    }

    private void Stop(PipelineEndReason reason, string? detail = null)
    {
        if (!_stopRequested.TrySetResult(new PipelineEndResult(reason, detail)))
        {
            return;
        }

        // Closing here, not in the supervisor, makes a cancel immediate: from this point every push is released.
        foreach (FrameProcessor processor in _processors)
        {
            processor.Queue.Close();
        }
    }

    // Stopping runs here, never on a processor's loop, because it waits for every loop to finish.
    private async Task SuperviseAsync()
    {
        PipelineEndResult result = await _stopRequested.Task.ConfigureAwait(false);
        foreach (Task loop in _loops)
        {
            if (loop is not null)
            {
                await loop.ConfigureAwait(false);
            }
        }

        // Disposed only once no loop can reach OnFrameLeftPipeline any more; a late tick just queues into closed queues.
        _idleTimer?.Dispose();
        foreach (FrameProcessor processor in _processors)
        {
            try
            {
                await processor.OnStopAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A failing stop hook must not keep the others from releasing what they hold.
                PipelineLog.StopFailed(Logger, processor.Name, ex);
            }
        }

        PipelineLog.Finished(Logger, result.Reason, result.Detail);
        _ready.TrySetResult();
        _completion.TrySetResult(result);
    }
}
