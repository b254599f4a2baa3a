namespace Appliance.Pipeline.Runtime;

/// <summary>Outcome of <see cref="FrameQueue.TryDequeueOrArm"/>.</summary>
internal enum DequeueStatus
{
    /// <summary>A frame was dequeued.</summary>
    Frame,

    /// <summary>Nothing eligible: the wait was armed, await <see cref="FrameQueue.WaitAsync"/>.</summary>
    Wait,

    /// <summary>The queue was closed; the processor loop ends.</summary>
    Closed,
}
