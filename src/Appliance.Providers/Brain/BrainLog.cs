using Microsoft.Extensions.Logging;

namespace Appliance.Providers.Brain;

/// <summary>Source-generated log messages of the remote brain client (never the token, secret or signature).</summary>
internal static partial class BrainLog
{
    [LoggerMessage(101, LogLevel.Warning, "Remote brain {Endpoint} failed for call {CallId} ({Outcome}): {Reason}; failing safe")]
    public static partial void FailSafe(ILogger logger, string endpoint, string callId, string outcome, string reason);

    [LoggerMessage(102, LogLevel.Debug, "Remote brain {Endpoint} for call {CallId}: {Action} -> node {NodeId}")]
    public static partial void Decided(ILogger logger, string endpoint, string callId, string action, string nodeId);

    [LoggerMessage(103, LogLevel.Warning, "Remote brain event {Type} for call {CallId} dropped: the delivery queue is full")]
    public static partial void EventDropped(ILogger logger, string type, string callId);

    [LoggerMessage(104, LogLevel.Warning, "Remote brain event {Type} for call {CallId} not delivered after {Attempts} attempt(s): {Reason}")]
    public static partial void EventFailed(ILogger logger, string type, string callId, int attempts, string reason);

    [LoggerMessage(105, LogLevel.Warning, "Remote brain stopped with {Pending} event(s) undelivered")]
    public static partial void EventsAbandoned(ILogger logger, int pending);
}
