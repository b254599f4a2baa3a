namespace Appliance.Sip.Message;

/// <summary>Maps a <see cref="SipParseError"/> to the status line a UAS answers a malformed request with (RFC 3261 §8.2, §21.4).</summary>
public static class SipParseErrors
{
    /// <summary>400 for syntax errors, 505 for an unknown SIP version, 416 for an unsupported Request-URI scheme, 513 for an oversized message.</summary>
    public static int StatusCode(SipParseError error) => error switch
    {
        SipParseError.None => 200,
        SipParseError.BadVersion => 505,
        SipParseError.UnsupportedUriScheme => 416,
        SipParseError.MessageTooLarge => 513,
        _ => 400,
    };

    /// <summary>A precise reason phrase, so the peer's logs say what was wrong.</summary>
    public static ReadOnlySpan<byte> ReasonPhrase(SipParseError error) => error switch
    {
        SipParseError.None => "OK"u8,
        SipParseError.MessageTooLarge => "Message Too Large"u8,
        SipParseError.LineTooLong => "Line Too Long"u8,
        SipParseError.TooManyHeaders => "Too Many Headers"u8,
        SipParseError.IncompleteHeaders => "Incomplete Header Section"u8,
        SipParseError.BadRequestLine => "Malformed Request-Line"u8,
        SipParseError.BadStatusLine => "Malformed Status-Line"u8,
        SipParseError.BadVersion => "Version Not Supported"u8,
        SipParseError.BadRequestUri => "Malformed Request-URI"u8,
        SipParseError.UnsupportedUriScheme => "Unsupported URI Scheme"u8,
        SipParseError.BadHeaderSyntax => "Malformed Header"u8,
        SipParseError.MissingVia => "Missing Via"u8,
        SipParseError.MissingFrom => "Missing From"u8,
        SipParseError.MissingTo => "Missing To"u8,
        SipParseError.MissingCallId => "Missing Call-ID"u8,
        SipParseError.MissingCSeq => "Missing CSeq"u8,
        SipParseError.DuplicateHeader => "Single-Value Header Repeated"u8,
        SipParseError.BadVia => "Malformed Via"u8,
        SipParseError.BadFrom => "Malformed From"u8,
        SipParseError.BadTo => "Malformed To"u8,
        SipParseError.BadCallId => "Malformed Call-ID"u8,
        SipParseError.BadCSeq => "Malformed CSeq"u8,
        SipParseError.BadContact => "Malformed Contact"u8,
        SipParseError.BadMaxForwards => "Malformed Max-Forwards"u8,
        SipParseError.BadExpires => "Malformed Expires"u8,
        SipParseError.CSeqMethodMismatch => "CSeq method does not match request method"u8,
        SipParseError.BadContentLength => "Malformed Content-Length"u8,
        SipParseError.MissingContentLength => "Missing Content-Length"u8,
        SipParseError.BodyTooShort => "Body Shorter Than Content-Length"u8,
        _ => "Bad Request"u8,
    };
}
