namespace Appliance.Pipeline.Runtime;

/// <summary>Why a pipeline task finished; the call layer maps it to a hang-up.</summary>
public enum PipelineEndReason
{
    /// <summary>A graceful end: an <see cref="Frames.EndFrame"/> flushed everything through.</summary>
    Ended,

    /// <summary>Stopped at once; queued frames were dropped.</summary>
    Cancelled,

    /// <summary>No conversational activity for the configured idle timeout.</summary>
    IdleTimeout,

    /// <summary>A fatal <see cref="Frames.ErrorFrame"/> (or a failed start) ended the call.</summary>
    FatalError,
}
