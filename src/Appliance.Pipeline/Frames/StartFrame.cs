namespace Appliance.Pipeline.Frames;

/// <summary>First frame through a pipeline: processors have started.</summary>
public sealed class StartFrame : SystemFrame
{
    private StartFrame()
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static StartFrame Instance { get; } = new();
}
