using System.Diagnostics;
using Appliance.Pipeline.Frames;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Pipeline.Runtime;

/// <summary>One stage of a call pipeline. The runtime owns the loop; a processor only handles frames and pushes frames on.</summary>
/// <remarks>
/// Override <see cref="ProcessFrame"/> (synchronous) or <see cref="ProcessFrameAsync"/>. The default passes every frame on.
/// A processor owns each frame it is given: push it on or <see cref="Frame.Release"/> it. Frames are handled one at a
/// time, system frames first. An exception becomes a non-fatal <see cref="ErrorFrame"/> sent upstream; the call goes on.
/// Backpressure is applied between frames: while the next processor's queue is full, the loop takes only system frames.
/// </remarks>
public abstract class FrameProcessor
{
    private PipelineTask? _task;
    private FrameProcessor? _previous;
    private FrameProcessor? _next;
    private FrameQueue? _queue;
    private long _ttfbStarted;

    /// <summary>Creates a processor.</summary>
    /// <param name="name">Name for logs and the metrics tag; defaults to the type name.</param>
    protected FrameProcessor(string? name = null) => Name = name ?? GetType().Name;

    /// <summary>Name for logs and the metrics "processor" tag.</summary>
    public string Name { get; }

    /// <summary>The clock of the pipeline this processor runs in.</summary>
    protected TimeProvider TimeProvider => Task.TimeProvider;

    /// <summary>The pool to rent new audio frames from.</summary>
    protected internal AudioFramePool AudioPool => Task.AudioPool;

    /// <summary>Logger of the pipeline this processor runs in.</summary>
    protected ILogger Logger => _task?.Logger ?? NullLogger.Instance;

    internal bool IsAttached => _task is not null;

    internal PipelineMetrics? Metrics => _task?.Metrics;

    internal FrameQueue Queue => _queue ?? throw new InvalidOperationException($"{Name} is not part of a pipeline.");

    private PipelineTask Task => _task ?? throw new InvalidOperationException($"{Name} is not part of a pipeline.");

    /// <summary>Called once, in pipeline order, before any frame flows.</summary>
    protected internal virtual ValueTask OnStartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called once after the loop has ended; release anything still held (buffered frames).</summary>
    protected internal virtual ValueTask OnStopAsync() => ValueTask.CompletedTask;

    /// <summary>Handles one frame; the default calls the synchronous <see cref="ProcessFrame"/>.</summary>
    protected virtual ValueTask ProcessFrameAsync(Frame frame, FrameDirection direction)
    {
        ProcessFrame(frame, direction);
        return ValueTask.CompletedTask;
    }

    /// <summary>Handles one frame synchronously; the default pushes it on in the direction it was going.</summary>
    protected virtual void ProcessFrame(Frame frame, FrameDirection direction) => PushFrame(frame, direction);

    /// <summary>Hands <paramref name="frame"/> (and its ownership) to the neighbour in <paramref name="direction"/>; thread-safe, never blocks.</summary>
    protected void PushFrame(Frame frame, FrameDirection direction = FrameDirection.Downstream)
    {
        PipelineTask task = Task;
        task.Observer?.OnFramePushed(this, frame, direction);
        if (_ttfbStarted != 0 && frame.Kind != FrameKind.System)
        {
            RecordTtfb(task);
        }

        FrameProcessor? neighbour = direction == FrameDirection.Downstream ? _next : _previous;
        if (neighbour is null)
        {
            task.OnFrameLeftPipeline(frame, direction);
        }
        else
        {
            neighbour.Queue.Enqueue(frame, direction);
        }
    }

    /// <summary>Reports an error upstream; a fatal one ends the call.</summary>
    protected void PushError(string message, bool fatal, Exception? exception = null) =>
        PushFrame(new ErrorFrame(message, fatal, Name, exception), FrameDirection.Upstream);

    /// <summary>Starts a time-to-first-byte measurement that the next pushed control or data frame completes.</summary>
    protected void StartTtfbMeasurement() => _ttfbStarted = TimeProvider.GetTimestamp();

    internal void Attach(PipelineTask task, FrameQueue queue, FrameProcessor? previous, FrameProcessor? next)
    {
        if (_task is not null)
        {
            throw new InvalidOperationException($"{Name} already belongs to a pipeline.");
        }

        _task = task;
        _queue = queue;
        _previous = previous;
        _next = next;
    }

    internal async Task RunAsync()
    {
        PipelineTask task = Task;
        FrameQueue queue = Queue;
        KeyValuePair<string, object?> tag = new(PipelineMetrics.ProcessorTag, Name);
        while (true)
        {
            DequeueStatus status = queue.TryDequeueOrArm(out QueuedFrame item);
            if (status == DequeueStatus.Closed)
            {
                return;
            }

            if (status == DequeueStatus.Wait)
            {
                await queue.WaitAsync().ConfigureAwait(false);
                continue;
            }

            long started = Stopwatch.GetTimestamp();
            try
            {
                await ProcessFrameAsync(item.Frame, item.Direction).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A processor's failure must become an error frame, whatever it threw, never end the call's loop.
                PipelineLog.ProcessorFailed(Logger, Name, item.Frame, ex);
                PushError(ex.Message, fatal: false, ex);
            }

            if (task.Metrics is { } metrics && metrics.ProcessingTime.Enabled)
            {
                metrics.ProcessingTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tag);
            }
        }
    }

    private void RecordTtfb(PipelineTask task)
    {
        long started = Interlocked.Exchange(ref _ttfbStarted, 0);
        if (started != 0 && task.Metrics is { } metrics)
        {
            metrics.Ttfb.Record(TimeProvider.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>(PipelineMetrics.ProcessorTag, Name));
        }
    }
}
