using Appliance.Pipeline.Frames;
using Microsoft.Extensions.Logging;

namespace Appliance.Pipeline.Runtime;

/// <summary>Settings of one <see cref="PipelineTask"/>.</summary>
public sealed class PipelineTaskOptions
{
    /// <summary>The clock for idle timeouts, turn timing and latency metrics.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>End the call after this long without conversational activity; null disables the timeout.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Ordered frames a processor's queue holds before the processor before it is held back.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>Where audio frames come from; share one pool across calls.</summary>
    public AudioFramePool? AudioPool { get; init; }

    /// <summary>Metrics to record into; null records nothing.</summary>
    public PipelineMetrics? Metrics { get; init; }

    /// <summary>Sees every pushed frame; null costs nothing.</summary>
    public IFrameObserver? Observer { get; init; }

    /// <summary>Logger for runtime events and processor failures.</summary>
    public ILogger? Logger { get; init; }
}
