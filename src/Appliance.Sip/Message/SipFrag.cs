using System.Text;

namespace Appliance.Sip.Message;

/// <summary>
/// Reads the status line of a message/sipfrag body (RFC 3420), as the NOTIFYs of a REFER subscription carry it (RFC 3515
/// §2.4.5): the latest response the referred request got. Header lines after it are allowed and ignored. Never throws.
/// </summary>
public static class SipFrag
{
    /// <summary>
    /// Parses the start line of <paramref name="body"/> as a Status-Line (RFC 3261 §7.2). Lenient where peers differ
    /// harmlessly: leading line ends, a bare LF or no line end at all, a missing reason phrase.
    /// </summary>
    public static SipFragError ParseStatusLine(ReadOnlySpan<byte> body, out int statusCode, out ReadOnlySpan<byte> reasonPhrase)
    {
        statusCode = 0;
        reasonPhrase = default;
        int start = body.IndexOfAnyExcept("\r\n"u8);
        if (start < 0)
        {
            return SipFragError.Empty;
        }

        ReadOnlySpan<byte> line = body[start..];
        int end = line.IndexOfAny("\r\n"u8);
        if (end >= 0)
        {
            line = line[..end];
        }

        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase.
        int sp = line.IndexOf((byte)' ');
        if (sp < 5 || !Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8))
        {
            return SipFragError.NotStatusLine;
        }

        if (!line[4..sp].SequenceEqual("2.0"u8))
        {
            return SipFragError.UnsupportedVersion;
        }

        ReadOnlySpan<byte> rest = line[(sp + 1)..];
        if (rest.Length < 3 || !SipSyntax.IsDigit(rest[0]) || !SipSyntax.IsDigit(rest[1]) || !SipSyntax.IsDigit(rest[2])
            || (rest.Length > 3 && rest[3] != ' '))
        {
            return SipFragError.BadStatusCode;
        }

        int code = ((rest[0] - '0') * 100) + ((rest[1] - '0') * 10) + (rest[2] - '0');
        if (code is < 100 or > 699)
        {
            return SipFragError.BadStatusCode;
        }

        ReadOnlySpan<byte> reason = rest.Length > 4 ? rest[4..] : default;
        foreach (byte b in reason)
        {
            if ((b < 0x20 && b != '\t') || b == 0x7F)
            {
                return SipFragError.BadReasonPhrase;
            }
        }

        statusCode = code;
        reasonPhrase = reason.TrimEnd(" \t"u8);
        return SipFragError.None;
    }
}
