namespace Appliance.Pipeline.Frames;

/// <summary>Graceful end: flows behind every queued frame, survives interruption, and stops the pipeline when it reaches the sink.</summary>
public sealed class EndFrame : ControlFrame
{
    private EndFrame()
        : base(uninterruptible: true)
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static EndFrame Instance { get; } = new();
}
