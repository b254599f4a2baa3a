namespace Appliance.Media.Pacing;

/// <summary>Cadence and catch-up policy of the shared pacer.</summary>
public sealed record MediaPacerOptions
{
    public TimeSpan FrameDuration { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Pacer wake-up period; must divide <see cref="FrameDuration"/>. Bounds how late a frame can go out.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Most frames one stream gets in a single wake-up while catching up, so a hiccup never turns into a burst.</summary>
    public int MaxFramesPerWakeUp { get; init; } = 2;

    /// <summary>Beyond this lag the missed frames are skipped (reported in <see cref="PacerTick.SkippedFrames"/>) instead of caught up.</summary>
    public TimeSpan MaxLag { get; init; } = TimeSpan.FromMilliseconds(200);
}
