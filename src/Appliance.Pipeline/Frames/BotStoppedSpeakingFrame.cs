namespace Appliance.Pipeline.Frames;

/// <summary>Bot audio stopped playing out: the playout queue ran dry or was interrupted.</summary>
public sealed class BotStoppedSpeakingFrame : SystemFrame
{
    private BotStoppedSpeakingFrame()
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static BotStoppedSpeakingFrame Instance { get; } = new();
}
