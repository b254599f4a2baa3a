using Microsoft.Extensions.Logging;

namespace Appliance.Pipeline.Recording;

/// <summary>Source-generated log messages of call recording.</summary>
internal static partial class RecordingLog
{
    [LoggerMessage(101, LogLevel.Warning, "Recording of call {CallId} skipped: {FreeBytes} bytes free in {Directory}, {MinFreeBytes} required")]
    public static partial void SkippedLowDisk(ILogger logger, string callId, long freeBytes, string directory, long minFreeBytes);

    [LoggerMessage(102, LogLevel.Warning, "Recording of call {CallId} stopped: free disk space fell below {MinFreeBytes} bytes")]
    public static partial void StoppedLowDisk(ILogger logger, string callId, long minFreeBytes);

    [LoggerMessage(103, LogLevel.Error, "Recording of call {CallId} failed")]
    public static partial void Failed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(104, LogLevel.Information, "Recording of call {CallId} finished: {Frames} frames, {Dropped} chunks dropped")]
    public static partial void Finished(ILogger logger, string callId, long frames, long dropped);
}
