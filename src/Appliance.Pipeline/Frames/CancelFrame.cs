namespace Appliance.Pipeline.Frames;

/// <summary>Stops the pipeline at once, dropping everything queued.</summary>
public sealed class CancelFrame : SystemFrame
{
    private CancelFrame()
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static CancelFrame Instance { get; } = new();
}
