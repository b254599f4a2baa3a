namespace Appliance.Pipeline.Frames;

/// <summary>A unit that flows between pipeline processors.</summary>
/// <remarks>
/// Whoever holds a frame owns it: a processor either pushes it on (transferring ownership) or calls
/// <see cref="Release"/>. Only pooled frames do anything on release; the rest are immutable and may be shared.
/// </remarks>
public abstract class Frame
{
    private protected Frame()
    {
    }

    /// <summary>The scheduling class of this frame.</summary>
    public abstract FrameKind Kind { get; }

    /// <summary>Whether an interruption keeps this frame when it is still queued.</summary>
    public abstract bool SurvivesInterruption { get; }

    /// <summary>Returns a pooled frame to its pool; a no-op for ordinary frames.</summary>
    public virtual void Release()
    {
    }

    /// <inheritdoc/>
    public override string ToString() => GetType().Name;
}
