using System.Text;

namespace Appliance.Sip.Message;

/// <summary>
/// A parsed SIP, SIPS or tel URI (RFC 3261 §19.1, RFC 3966), or any other absolute URI kept raw. A view over the
/// caller's bytes: components are slices of <see cref="Raw"/>, still %-escaped (see <see cref="Unescape"/>).
/// </summary>
public readonly struct SipUri
{
    private readonly int _userStart, _userLength, _passwordStart, _passwordLength, _hostStart, _hostLength;
    private readonly int _paramsStart, _paramsLength, _headersStart, _headersLength;

    private SipUri(ReadOnlyMemory<byte> raw, SipUriScheme scheme, int port, int userStart, int userLength, int passwordStart,
        int passwordLength, int hostStart, int hostLength, int paramsStart, int paramsLength, int headersStart, int headersLength)
    {
        Raw = raw;
        Scheme = scheme;
        Port = port;
        _userStart = userStart;
        _userLength = userLength;
        _passwordStart = passwordStart;
        _passwordLength = passwordLength;
        _hostStart = hostStart;
        _hostLength = hostLength;
        _paramsStart = paramsStart;
        _paramsLength = paramsLength;
        _headersStart = headersStart;
        _headersLength = headersLength;
    }

    /// <summary>The whole URI as received.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    public SipUriScheme Scheme { get; }

    /// <summary>True for sip: and sips: URIs.</summary>
    public bool IsSip => Scheme is SipUriScheme.Sip or SipUriScheme.Sips;

    /// <summary>User part (escaped); for tel: the subscriber number.</summary>
    public ReadOnlyMemory<byte> User => Raw.Slice(_userStart, _userLength);

    public ReadOnlyMemory<byte> Password => Raw.Slice(_passwordStart, _passwordLength);

    /// <summary>Host; an IPv6 reference keeps its brackets.</summary>
    public ReadOnlyMemory<byte> Host => Raw.Slice(_hostStart, _hostLength);

    /// <summary>Explicit port, or 0 when absent.</summary>
    public int Port { get; }

    /// <summary>URI parameters including the leading ';' (e.g. ";transport=tcp;lr"), empty if none.</summary>
    public ReadOnlyMemory<byte> Parameters => Raw.Slice(_paramsStart, _paramsLength);

    /// <summary>URI headers after '?', empty if none.</summary>
    public ReadOnlyMemory<byte> Headers => Raw.Slice(_headersStart, _headersLength);

    public bool IsIPv6 => _hostLength > 0 && Raw.Span[_hostStart] == '[';

    /// <summary>Finds a URI parameter (case-insensitive name); value is empty for a flag such as "lr".</summary>
    public bool TryGetParameter(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value) =>
        SipParameterReader.TryFind(Parameters, name, uriStyle: true, out value);

    /// <summary>Parses a URI. Malformed sip/sips/tel URIs and non-URIs fail; unknown schemes succeed as <see cref="SipUriScheme.Other"/>.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> text, out SipUri uri)
    {
        uri = default;
        ReadOnlySpan<byte> s = text.Span;
        int colon = s.IndexOf((byte)':');
        if (colon <= 0 || !SipSyntax.IsAlpha(s[0]))
        {
            return false;
        }

        ReadOnlySpan<byte> scheme = s[..colon];
        for (int i = 1; i < scheme.Length; i++)
        {
            byte b = scheme[i];
            if (!SipSyntax.IsAlpha(b) && !SipSyntax.IsDigit(b) && b is not ((byte)'+' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }

        if (Ascii.EqualsIgnoreCase(scheme, "sip"u8))
        {
            return TryParseSip(text, SipUriScheme.Sip, colon + 1, out uri);
        }

        if (Ascii.EqualsIgnoreCase(scheme, "sips"u8))
        {
            return TryParseSip(text, SipUriScheme.Sips, colon + 1, out uri);
        }

        if (Ascii.EqualsIgnoreCase(scheme, "tel"u8))
        {
            return TryParseTel(text, colon + 1, out uri);
        }

        ReadOnlySpan<byte> rest = s[(colon + 1)..];
        foreach (byte b in rest)
        {
            if (b <= ' ' || b is (byte)'<' or (byte)'>' or (byte)'"' or 0x7F)
            {
                return false;
            }
        }

        if (rest.IsEmpty)
        {
            return false;
        }

        uri = new SipUri(text, SipUriScheme.Other, 0, colon + 1, 0, 0, 0, 0, 0, s.Length, 0, s.Length, 0);
        return true;
    }

    /// <summary>Decodes %HH escapes into <paramref name="destination"/>; returns the decoded length, or -1 if it does not fit or an escape is bad.</summary>
    public static int Unescape(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = 0;
        for (int i = 0; i < source.Length; i++)
        {
            if (written == destination.Length)
            {
                return -1;
            }

            byte b = source[i];
            if (b == '%')
            {
                if (i + 2 >= source.Length || !SipSyntax.IsHex(source[i + 1]) || !SipSyntax.IsHex(source[i + 2]))
                {
                    return -1;
                }

                b = (byte)((HexValue(source[i + 1]) << 4) | HexValue(source[i + 2]));
                i += 2;
            }

            destination[written++] = b;
        }

        return written;
    }

    public override string ToString() => Encoding.UTF8.GetString(Raw.Span);

    private static int HexValue(byte b) => SipSyntax.IsDigit(b) ? b - '0' : (b | 0x20) - 'a' + 10;

    private static bool TryParseSip(ReadOnlyMemory<byte> text, SipUriScheme scheme, int start, out SipUri uri)
    {
        uri = default;
        ReadOnlySpan<byte> s = text.Span;
        int userStart = start, userLength = 0, passwordStart = start, passwordLength = 0;
        int hostStart = start;
        int at = s[start..].IndexOf((byte)'@');
        if (at >= 0)
        {
            ReadOnlySpan<byte> userInfo = s.Slice(start, at);
            int passColon = userInfo.IndexOf((byte)':');
            ReadOnlySpan<byte> user = passColon < 0 ? userInfo : userInfo[..passColon];
            if (user.IsEmpty || user.ContainsAnyExcept(SipSyntax.UserChars) || !SipSyntax.HasValidEscapes(user))
            {
                return false;
            }

            userLength = user.Length;
            if (passColon >= 0)
            {
                ReadOnlySpan<byte> password = userInfo[(passColon + 1)..];
                if (password.ContainsAnyExcept(SipSyntax.PasswordChars) || !SipSyntax.HasValidEscapes(password))
                {
                    return false;
                }

                passwordStart = start + passColon + 1;
                passwordLength = password.Length;
            }

            hostStart = start + at + 1;
        }

        int i = hostStart;
        if (i < s.Length && s[i] == '[')
        {
            int close = s[i..].IndexOf((byte)']');
            if (close < 3 || s.Slice(i + 1, close - 1).ContainsAnyExcept(SipSyntax.IPv6Chars))
            {
                return false;
            }

            i += close + 1;
        }
        else
        {
            int run = s[i..].IndexOfAnyExcept(SipSyntax.HostChars);
            i = run < 0 ? s.Length : i + run;
            if (i == hostStart || s[hostStart] is (byte)'.' or (byte)'-')
            {
                return false;
            }
        }

        int hostLength = i - hostStart;
        int port = 0;
        if (i < s.Length && s[i] == ':')
        {
            int digits = s[(i + 1)..].IndexOfAnyExcept("0123456789"u8);
            int portEnd = digits < 0 ? s.Length : i + 1 + digits;
            if (!SipSyntax.TryParseNumber(s[(i + 1)..portEnd], 65535, out ulong p))
            {
                return false;
            }

            port = (int)p;
            i = portEnd;
        }

        int paramsStart = i;
        int question = s[i..].IndexOf((byte)'?');
        int paramsEnd = question < 0 ? s.Length : i + question;
        if (paramsEnd > i && (s[i] != ';' || !SipParameterReader.Validate(s[i..paramsEnd], uriStyle: true)))
        {
            return false;
        }

        int headersStart = s.Length, headersLength = 0;
        if (question >= 0)
        {
            headersStart = paramsEnd + 1;
            headersLength = s.Length - headersStart;
            if (!ValidHeaders(s[headersStart..]))
            {
                return false;
            }
        }

        uri = new SipUri(text, scheme, port, userStart, userLength, passwordStart, passwordLength, hostStart, hostLength,
            paramsStart, paramsEnd - paramsStart, headersStart, headersLength);
        return true;
    }

    private static bool ValidHeaders(ReadOnlySpan<byte> headers)
    {
        foreach (Range part in headers.Split((byte)'&'))
        {
            ReadOnlySpan<byte> header = headers[part];
            int eq = header.IndexOf((byte)'=');
            if (eq <= 0 || header[..eq].ContainsAnyExcept(SipSyntax.HeaderChars)
                || header[(eq + 1)..].ContainsAnyExcept(SipSyntax.HeaderChars) || !SipSyntax.HasValidEscapes(header))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseTel(ReadOnlyMemory<byte> text, int start, out SipUri uri)
    {
        uri = default;
        ReadOnlySpan<byte> s = text.Span;
        ReadOnlySpan<byte> rest = s[start..];
        int semi = rest.IndexOf((byte)';');
        ReadOnlySpan<byte> number = semi < 0 ? rest : rest[..semi];
        if (number.IsEmpty || number.ContainsAnyExcept("0123456789abcdefABCDEF+-.()*#"u8))
        {
            return false;
        }

        int paramsStart = semi < 0 ? s.Length : start + semi;
        if (paramsStart < s.Length && !SipParameterReader.Validate(s[paramsStart..], uriStyle: true))
        {
            return false;
        }

        uri = new SipUri(text, SipUriScheme.Tel, 0, start, number.Length, 0, 0, 0, 0, paramsStart, s.Length - paramsStart, s.Length, 0);
        return true;
    }
}
