namespace Appliance.Pipeline.Frames;

/// <summary>Bot audio actually started playing out (emitted upstream by the output transport).</summary>
public sealed class BotStartedSpeakingFrame : SystemFrame
{
    private BotStartedSpeakingFrame()
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static BotStartedSpeakingFrame Instance { get; } = new();
}
