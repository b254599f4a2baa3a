namespace Appliance.Pipeline.Frames;

/// <summary>An ordered frame that changes state; survives interruption only when constructed uninterruptible.</summary>
public abstract class ControlFrame : Frame
{
    /// <summary>Creates a control frame.</summary>
    /// <param name="uninterruptible">True when an interruption must not drop this frame while it is queued.</param>
    protected ControlFrame(bool uninterruptible = false) => SurvivesInterruption = uninterruptible;

    /// <inheritdoc/>
    public sealed override FrameKind Kind => FrameKind.Control;

    /// <inheritdoc/>
    public sealed override bool SurvivesInterruption { get; }
}
