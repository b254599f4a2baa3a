namespace Appliance.Pipeline.Recording;

/// <summary>Where and how calls are recorded.</summary>
public sealed class RecordingOptions
{
    /// <summary>Directory for the per-call WAV and transcript files; created if missing.</summary>
    public required string Directory { get; init; }

    /// <summary>Free space below which a recording is not started, or is stopped.</summary>
    public long MinFreeBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Audio chunks (about 20 ms each) the background writer may fall behind by before chunks are dropped.</summary>
    public int QueueCapacity { get; init; } = 500;

    /// <summary>How far one side may run ahead of the other before the idle side is filled with silence.</summary>
    public TimeSpan AlignmentSlack { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Reports free bytes for a directory; the default asks the file system.</summary>
    public Func<string, long> FreeSpaceProbe { get; init; } = static directory => new DriveInfo(directory).AvailableFreeSpace;
}
