using System.Globalization;
using System.Text;

namespace Appliance.Media.Sdp;

/// <summary>
/// Parses RFC 4566 session descriptions. Lenient where the field is lenient (LF-only line ends, trailing whitespace,
/// missing s=, unknown fields and attributes are kept) and strict where a mistake would misroute media (o=, c=, m=).
/// </summary>
public static class SdpParser
{
    public static SdpParseResult Parse(ReadOnlySpan<byte> utf8) => Parse(Encoding.UTF8.GetString(utf8));

    public static SdpParseResult Parse(string text)
    {
        string[] lines = text.Split('\n');
        SessionDescription? session = null;
        MediaDescription? media = null;
        bool sawVersion = false;
        int lineNumber = 0;
        int lastLine = 0;

        foreach (string raw in lines)
        {
            lineNumber++;
            string line = raw.TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }

            lastLine = lineNumber;

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                return Fail(SdpParseError.MalformedLine, lineNumber);
            }

            char type = line[0];
            string value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v' || value.Trim() != "0")
                {
                    return Fail(SdpParseError.BadVersion, lineNumber);
                }

                sawVersion = true;
                continue;
            }

            if (session is null)
            {
                if (type != 'o')
                {
                    return Fail(SdpParseError.MissingOrigin, lineNumber);
                }

                if (!SdpOrigin.TryParse(value, out SdpOrigin? origin))
                {
                    return Fail(SdpParseError.MalformedOrigin, lineNumber);
                }

                session = new SessionDescription(origin!);
                continue;
            }

            SdpParseError error = media is null
                ? ParseSessionField(session, type, value, ref media)
                : ParseMediaField(session, media, type, value, ref media);
            if (error != SdpParseError.None)
            {
                return Fail(error, lineNumber);
            }
        }

        if (!sawVersion)
        {
            return Fail(SdpParseError.Empty, 0);
        }

        return session is null ? Fail(SdpParseError.MissingOrigin, lastLine) : new SdpParseResult(session, SdpParseError.None, 0);
    }

    private static SdpParseError ParseSessionField(SessionDescription session, char type, string value, ref MediaDescription? media)
    {
        switch (type)
        {
            case 's':
                session.SessionName = value;
                return SdpParseError.None;
            case 'c':
                if (!SdpConnection.TryParse(value, out SdpConnection? connection))
                {
                    return SdpParseError.MalformedConnection;
                }

                session.Connection = connection;
                return SdpParseError.None;
            case 't':
                session.Timings.Add(value);
                return SdpParseError.None;
            case 'a':
                session.Attributes.Add(SdpAttribute.Parse(value));
                return SdpParseError.None;
            case 'm':
                return ParseMediaLine(session, value, ref media);
            case 'v' or 'o':
                return SdpParseError.UnexpectedField;
            default:
                session.OtherLines.Add(new SdpLine(type, value));
                return SdpParseError.None;
        }
    }

    private static SdpParseError ParseMediaField(SessionDescription session, MediaDescription current, char type, string value, ref MediaDescription? media)
    {
        switch (type)
        {
            case 'm':
                return ParseMediaLine(session, value, ref media);
            case 'c':
                if (!SdpConnection.TryParse(value, out SdpConnection? connection))
                {
                    return SdpParseError.MalformedConnection;
                }

                current.Connection = connection;
                return SdpParseError.None;
            case 'a':
                current.Attributes.Add(SdpAttribute.Parse(value));
                return SdpParseError.None;
            case 'i' or 'b' or 'k':
                current.OtherLines.Add(new SdpLine(type, value));
                return SdpParseError.None;
            default:
                return SdpParseError.UnexpectedField;
        }
    }

    private static SdpParseError ParseMediaLine(SessionDescription session, string value, ref MediaDescription? media)
    {
        // m=<media> <port>[/<count>] <proto> <fmt> ...
        string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            return SdpParseError.MalformedMedia;
        }

        string portText = parts[1];
        int? portCount = null;
        int slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(portText.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                return SdpParseError.MalformedMedia;
            }

            portCount = count;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            return SdpParseError.MalformedMedia;
        }

        media = new MediaDescription(parts[0], port, parts[2], parts[3..]) { PortCount = portCount };
        session.Media.Add(media);
        return SdpParseError.None;
    }

    private static SdpParseResult Fail(SdpParseError error, int line) => new(null, error, line);
}
