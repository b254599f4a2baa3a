namespace Appliance.Pipeline.Frames;

/// <summary>The user barged in: drop queued interruptible frames and stop the bot's output now.</summary>
public sealed class InterruptionFrame : SystemFrame
{
    private InterruptionFrame()
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static InterruptionFrame Instance { get; } = new();
}
