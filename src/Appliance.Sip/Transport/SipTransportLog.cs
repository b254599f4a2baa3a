using System.Net.Sockets;
using Appliance.Sip.Message;
using Microsoft.Extensions.Logging;

namespace Appliance.Sip.Transport;

/// <summary>Source-generated log messages of the transport layer (no formatting cost when the level is off).</summary>
internal static partial class SipTransportLog
{
    [LoggerMessage(1, LogLevel.Information, "SIP {Transport} listening on {LocalEndPoint}")]
    public static partial void Listening(ILogger logger, SipTransportKind transport, SipEndPoint localEndPoint);

    [LoggerMessage(2, LogLevel.Debug, "Malformed SIP {Kind} from {Remote} over {Transport}: {Reason}")]
    public static partial void Malformed(ILogger logger, string kind, SipEndPoint remote, SipTransportKind transport, SipParseError reason);

    [LoggerMessage(3, LogLevel.Warning, "SIP {Transport} receive from {Remote} failed; continuing")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, SipTransportKind transport, SipEndPoint remote);

    [LoggerMessage(4, LogLevel.Debug, "SIP {Transport} socket error {Error} on {LocalEndPoint}; continuing")]
    public static partial void SocketError(ILogger logger, SipTransportKind transport, SocketError error, SipEndPoint localEndPoint);

    [LoggerMessage(5, LogLevel.Debug, "SIP TCP connection {ConnectionId} to {Remote} closed ({Reason})")]
    public static partial void ConnectionClosed(ILogger logger, long connectionId, SipEndPoint remote, string reason);

    [LoggerMessage(6, LogLevel.Debug, "SIP TCP stream from {Remote} cannot be framed: {Reason}")]
    public static partial void Unframeable(ILogger logger, SipEndPoint remote, SipParseError reason);

    [LoggerMessage(7, LogLevel.Warning, "SIP send to {Remote} over {Transport} failed")]
    public static partial void SendFailed(ILogger logger, Exception exception, SipTransportKind transport, SipEndPoint remote);
}
