namespace Appliance.Sip.Message;

/// <summary>What <see cref="SipStreamFramer.TryReadMessage"/> found at the head of a stream.</summary>
public enum SipFrameKind : byte
{
    /// <summary>One whole message (headers and Content-Length bytes of body).</summary>
    Message,

    /// <summary>An RFC 5626 "\r\n\r\n" keep-alive ping; answer with a "\r\n" pong.</summary>
    KeepAlivePing,

    /// <summary>The stream cannot be framed (no or bad Content-Length, oversized); the connection must be closed.</summary>
    Invalid,
}
