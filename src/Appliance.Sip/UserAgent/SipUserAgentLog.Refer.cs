using Microsoft.Extensions.Logging;

namespace Appliance.Sip.UserAgent;

/// <summary>Blind transfer (REFER) lines; event ids 40-49 are kept for this facet.</summary>
internal static partial class SipUserAgentLog
{
    [LoggerMessage(40, LogLevel.Information, "Transferring the call to {ReferTo}")]
    public static partial void Transferring(ILogger logger, string referTo);

    [LoggerMessage(41, LogLevel.Information, "Transfer progress: {StatusCode} {ReasonPhrase}")]
    public static partial void TransferProgress(ILogger logger, int statusCode, string reasonPhrase);

    [LoggerMessage(42, LogLevel.Information, "Transfer ended: succeeded {Succeeded}, status {StatusCode}, {Reason}")]
    public static partial void TransferEnded(ILogger logger, bool succeeded, int statusCode, string reason);
}
