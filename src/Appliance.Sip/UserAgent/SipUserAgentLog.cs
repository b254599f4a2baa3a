using Microsoft.Extensions.Logging;

namespace Appliance.Sip.UserAgent;

/// <summary>What an operator reads about calls; each is logged inside a "{CallId}" scope. Nothing here runs per packet.</summary>
internal static partial class SipUserAgentLog
{
    /// <summary>The scope every call's log lines carry, so an operator can filter one call by its Call-ID.</summary>
    public static readonly Func<ILogger, string, IDisposable?> CallScope = LoggerMessage.DefineScope<string>("{CallId}");

    [LoggerMessage(1, LogLevel.Information, "Incoming call from {From} to {RequestUri} via {Transport} {Remote}")]
    public static partial void IncomingCall(ILogger logger, string from, string requestUri, string transport, string remote);

    [LoggerMessage(2, LogLevel.Information, "Outgoing call to {RequestUri} via {NextHop}")]
    public static partial void OutgoingCall(ILogger logger, string requestUri, string nextHop);

    [LoggerMessage(3, LogLevel.Information, "Call answered")]
    public static partial void Answered(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "Call ended: {Reason} by {Side}, status {StatusCode} {Detail}")]
    public static partial void Ended(ILogger logger, SipCallEndReason reason, string side, int statusCode, string? detail);

    [LoggerMessage(5, LogLevel.Information, "Rejected {Method} with {StatusCode} {ReasonPhrase}")]
    public static partial void Rejected(ILogger logger, string method, int statusCode, string reasonPhrase);

    [LoggerMessage(6, LogLevel.Warning, "No ACK for our 2xx within 64*T1; sending BYE")]
    public static partial void NoAck(ILogger logger);

    [LoggerMessage(7, LogLevel.Warning, "Session timer expired without a refresh; sending BYE")]
    public static partial void SessionExpired(ILogger logger);

    [LoggerMessage(8, LogLevel.Information, "Session timer: {Seconds} s, refresher {Refresher}")]
    public static partial void SessionTimer(ILogger logger, uint seconds, string refresher);

    [LoggerMessage(9, LogLevel.Information, "Offer received in {Method}; answered: {Answered}")]
    public static partial void OfferReceived(ILogger logger, string method, bool answered);

    [LoggerMessage(10, LogLevel.Warning, "{Method} failed: {StatusCode} {ReasonPhrase}")]
    public static partial void RequestFailed(ILogger logger, string method, int statusCode, string reasonPhrase);

    [LoggerMessage(11, LogLevel.Information, "Answering {StatusCode} challenge for {Method}")]
    public static partial void Authenticating(ILogger logger, int statusCode, string method);

    [LoggerMessage(12, LogLevel.Warning, "The application's call handler threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);
}
