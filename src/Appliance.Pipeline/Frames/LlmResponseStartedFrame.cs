namespace Appliance.Pipeline.Frames;

/// <summary>An LLM response begins; the frames up to the matching end belong to it.</summary>
public sealed class LlmResponseStartedFrame : ControlFrame
{
    private LlmResponseStartedFrame()
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static LlmResponseStartedFrame Instance { get; } = new();
}
