using Microsoft.Extensions.Logging;

namespace Appliance.Providers.Realtime;

/// <summary>Source-generated log messages of the realtime agents (never the API key or the endpoint's query string).</summary>
internal static partial class RealtimeLog
{
    [LoggerMessage(1, LogLevel.Information, "{Agent} connected to {Host} for call {CallId}")]
    public static partial void Connected(ILogger logger, string agent, string host, string callId);

    [LoggerMessage(2, LogLevel.Warning, "{Agent} connection lost for call {CallId}: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string agent, string callId, string reason);

    [LoggerMessage(3, LogLevel.Information, "{Agent} resuming session for call {CallId} (attempt {Attempt})")]
    public static partial void Resuming(ILogger logger, string agent, string callId, int attempt);

    [LoggerMessage(4, LogLevel.Error, "{Agent} failed for call {CallId}; ending the call: {Reason}")]
    public static partial void Failed(ILogger logger, string agent, string callId, string reason);

    [LoggerMessage(5, LogLevel.Warning, "{Agent} server error for call {CallId}: {Type} {Code} {Message}")]
    public static partial void ServerError(ILogger logger, string agent, string callId, string? type, string? code, string? message);

    [LoggerMessage(6, LogLevel.Warning, "{Agent} ignored a malformed message for call {CallId} ({Length} bytes): {Reason}")]
    public static partial void Malformed(ILogger logger, string agent, string callId, int length, string reason);

    [LoggerMessage(7, LogLevel.Information, "{Agent} tool {Tool} called for call {CallId}")]
    public static partial void ToolCalled(ILogger logger, string agent, string tool, string callId);

    [LoggerMessage(8, LogLevel.Warning, "{Agent} tool {Tool} failed for call {CallId}")]
    public static partial void ToolFailed(ILogger logger, string agent, string tool, string callId, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "{Agent} skipped tool call {Tool} for call {CallId}: response {Status}")]
    public static partial void ToolSkipped(ILogger logger, string agent, string tool, string callId, string? status);

    [LoggerMessage(10, LogLevel.Information, "{Agent} ends call {CallId}: {Reason}")]
    public static partial void EndingCall(ILogger logger, string agent, string callId, string reason);

    [LoggerMessage(11, LogLevel.Information, "{Agent} brain conversation for call {CallId} starts on node {NodeId} with {ToolCount} tool(s) (fallback: {Fallback})")]
    public static partial void BrainSessionOpened(ILogger logger, string agent, string callId, string nodeId, int toolCount, bool fallback);

    [LoggerMessage(12, LogLevel.Information, "{Agent} brain moved call {CallId} to node {NodeId}: new instructions and tools for the model")]
    public static partial void BrainMoved(ILogger logger, string agent, string callId, string nodeId);

    [LoggerMessage(13, LogLevel.Information, "{Agent} transfer of call {CallId} to {Target}: accepted {Accepted} ({Status} {Reason})")]
    public static partial void Transferred(ILogger logger, string agent, string callId, string target, bool accepted, int status, string reason);

    [LoggerMessage(14, LogLevel.Warning, "{Agent} could not send DTMF {Digits} on call {CallId}")]
    public static partial void DtmfNotSent(ILogger logger, string agent, string callId, string digits);

    [LoggerMessage(15, LogLevel.Warning, "{Agent} the say turn of call {CallId} did not finish within {Seconds} s; going on")]
    public static partial void SayTurnTimedOut(ILogger logger, string agent, string callId, double seconds);

    [LoggerMessage(16, LogLevel.Warning, "{Agent} could not tell the brain how call {CallId} ended: {Reason}")]
    public static partial void EndNotReported(ILogger logger, string agent, string callId, string reason);

    [LoggerMessage(17, LogLevel.Information, "{Agent} applies the brain's new node to call {CallId} by resuming the Gemini session with a new setup")]
    public static partial void ResumingForNewSetup(ILogger logger, string agent, string callId);

    [LoggerMessage(18, LogLevel.Warning, "{Agent} refused the model's transfer of call {CallId} to {Target}: not in transferTargets")]
    public static partial void TransferRefused(ILogger logger, string agent, string callId, string target);
}
