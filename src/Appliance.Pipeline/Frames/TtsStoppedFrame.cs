namespace Appliance.Pipeline.Frames;

/// <summary>Synthesized speech for one response is complete.</summary>
public sealed class TtsStoppedFrame : ControlFrame
{
    private TtsStoppedFrame()
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static TtsStoppedFrame Instance { get; } = new();
}
