namespace Appliance.Media.Pacing;

/// <summary>One frame period of a paced stream.</summary>
/// <param name="Due">When this frame was due, on the pacer's time line; consecutive ticks are exactly one frame apart
/// (plus <paramref name="SkippedFrames"/> frames).</param>
/// <param name="Now">When the callback actually runs (≥ Due).</param>
/// <param name="SkippedFrames">Frames dropped before this one because the pacer fell too far behind (e.g. a VM pause);
/// the RTP timestamp should still advance over them.</param>
public readonly record struct PacerTick(TimeSpan Due, TimeSpan Now, int SkippedFrames);
