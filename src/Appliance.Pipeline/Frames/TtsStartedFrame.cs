namespace Appliance.Pipeline.Frames;

/// <summary>Synthesized speech for one response begins.</summary>
public sealed class TtsStartedFrame : ControlFrame
{
    private TtsStartedFrame()
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static TtsStartedFrame Instance { get; } = new();
}
