namespace Appliance.Media.Jitter;

/// <summary>What to play for one frame period.</summary>
public enum JitterFrameKind
{
    /// <summary>Nothing to play: not started yet, priming, or underrun (play silence or keep concealing).</summary>
    Empty,
    /// <summary>A payload was copied out; decode it.</summary>
    Frame,
    /// <summary>The frame is missing (lost, or inserted to grow the delay); run packet-loss concealment.</summary>
    Conceal,
}
