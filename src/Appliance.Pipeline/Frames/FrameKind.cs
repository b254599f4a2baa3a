namespace Appliance.Pipeline.Frames;

/// <summary>The scheduling class of a frame: decides queue priority and what an interruption drops.</summary>
public enum FrameKind
{
    /// <summary>Overtakes queued frames; never dropped by an interruption.</summary>
    System,

    /// <summary>Ordered with data; dropped by an interruption unless marked uninterruptible.</summary>
    Control,

    /// <summary>Ordered payload (audio, text); always dropped by an interruption.</summary>
    Data,
}
