namespace Appliance.Pipeline.Frames;

/// <summary>A frame that overtakes queued data and control frames and is never dropped by an interruption.</summary>
public abstract class SystemFrame : Frame
{
    /// <inheritdoc/>
    public sealed override FrameKind Kind => FrameKind.System;

    /// <inheritdoc/>
    public sealed override bool SurvivesInterruption => true;
}
