namespace Appliance.Pipeline.Frames;

/// <summary>An ordered payload frame (audio, text); dropped when an interruption overtakes it.</summary>
public abstract class DataFrame : Frame
{
    /// <inheritdoc/>
    public sealed override FrameKind Kind => FrameKind.Data;

    /// <inheritdoc/>
    public sealed override bool SurvivesInterruption => false;
}
