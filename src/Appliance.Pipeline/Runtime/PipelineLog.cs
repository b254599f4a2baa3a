using Appliance.Pipeline.Frames;
using Microsoft.Extensions.Logging;

namespace Appliance.Pipeline.Runtime;

/// <summary>Source-generated log messages of the pipeline runtime.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(1, LogLevel.Error, "Processor {Processor} failed on {Frame}")]
    public static partial void ProcessorFailed(ILogger logger, string processor, Frame frame, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Pipeline error from {Source} (fatal: {Fatal}): {Message}")]
    public static partial void ErrorReported(ILogger logger, string? source, bool fatal, string message);

    [LoggerMessage(3, LogLevel.Error, "Processor {Processor} failed to start")]
    public static partial void StartFailed(ILogger logger, string processor, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Processor {Processor} failed to stop cleanly")]
    public static partial void StopFailed(ILogger logger, string processor, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Pipeline finished: {Reason} {Detail}")]
    public static partial void Finished(ILogger logger, PipelineEndReason reason, string? detail);
}
