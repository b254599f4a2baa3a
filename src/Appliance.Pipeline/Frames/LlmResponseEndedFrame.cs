namespace Appliance.Pipeline.Frames;

/// <summary>The current LLM response is complete.</summary>
public sealed class LlmResponseEndedFrame : ControlFrame
{
    private LlmResponseEndedFrame()
    {
    }

    /// <summary>The shared instance: the frame carries no state.</summary>
    public static LlmResponseEndedFrame Instance { get; } = new();
}
