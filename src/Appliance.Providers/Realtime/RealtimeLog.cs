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
}
