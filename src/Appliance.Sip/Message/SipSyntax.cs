using System.Buffers;

namespace Appliance.Sip.Message;

/// <summary>RFC 3261 §25 character classes and small scanners shared by the header and URI parsers.</summary>
internal static class SipSyntax
{
    private const string Alphanum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    public static readonly SearchValues<byte> Token = Create(Alphanum + "-.!%*_+`'~");

    /// <summary>word (Call-ID): token characters plus ( ) &lt; &gt; : \ " / [ ] ? { }.</summary>
    public static readonly SearchValues<byte> Word = Create(Alphanum + "-.!%*_+`'~()<>:\\\"/[]?{}");

    /// <summary>SIP URI user part: unreserved, user-unreserved and '%' (escapes are checked separately).</summary>
    public static readonly SearchValues<byte> UserChars = Create(Alphanum + "-_.!~*'()&=+$,;?/%");

    /// <summary>SIP URI password: unreserved, '&amp;' '=' '+' '$' ',' and '%'.</summary>
    public static readonly SearchValues<byte> PasswordChars = Create(Alphanum + "-_.!~*'()&=+$,%");

    /// <summary>uri-parameter name and value: paramchar plus '%'.</summary>
    public static readonly SearchValues<byte> ParamChars = Create(Alphanum + "-_.!~*'()[]/:&+$%");

    /// <summary>URI header name and value: hnv-unreserved, unreserved and '%'.</summary>
    public static readonly SearchValues<byte> HeaderChars = Create(Alphanum + "-_.!~*'()[]/?:+$%");

    /// <summary>hostname / IPv4address characters.</summary>
    public static readonly SearchValues<byte> HostChars = Create(Alphanum + "-.");

    /// <summary>IPv6reference contents between the brackets.</summary>
    public static readonly SearchValues<byte> IPv6Chars = Create("0123456789abcdefABCDEF:.");

    /// <summary>Characters of a tel: URI (RFC 3966) subscriber part and parameters.</summary>
    public static readonly SearchValues<byte> TelChars = Create(Alphanum + "-_.!~*'()[]/:&+$%=;");

    /// <summary>Header parameter values that are not quoted: token plus host characters (IPv6 references, ports).</summary>
    public static readonly SearchValues<byte> GenericValueChars = Create(Alphanum + "-.!%*_+`'~[]:");

    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    public static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsToken(ReadOnlySpan<byte> s) => !s.IsEmpty && !s.ContainsAnyExcept(Token);

    /// <summary>Skips LWS; inside a header value CR and LF only occur as part of a fold, so they count as whitespace.</summary>
    public static int SkipWhitespace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsWhitespace(s[i]))
        {
            i++;
        }

        return i;
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s, out int leading)
    {
        int start = SkipWhitespace(s, 0);
        int end = s.Length;
        while (end > start && IsWhitespace(s[end - 1]))
        {
            end--;
        }

        leading = start;
        return s[start..end];
    }

    /// <summary>Given s[start] == '"', returns the index just past the closing quote, or -1 if it is unterminated or holds a bare control.</summary>
    public static int QuotedStringEnd(ReadOnlySpan<byte> s, int start)
    {
        for (int i = start + 1; i < s.Length; i++)
        {
            byte b = s[i];
            if (b == '"')
            {
                return i + 1;
            }

            if (b == '\\')
            {
                // quoted-pair excludes CR and LF: an escaped line break would smuggle a new header line.
                if (++i >= s.Length || s[i] is (byte)'\r' or (byte)'\n')
                {
                    return -1;
                }
            }
            else if (b < 0x20 && !IsWhitespace(b))
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Every '%' is followed by two hex digits.</summary>
    public static bool HasValidEscapes(ReadOnlySpan<byte> s)
    {
        int i = s.IndexOf((byte)'%');
        while (i >= 0)
        {
            if (i + 2 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2]))
            {
                return false;
            }

            int next = s[(i + 3)..].IndexOf((byte)'%');
            i = next < 0 ? -1 : i + 3 + next;
        }

        return true;
    }

    public static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 'f' - 'a';

    /// <summary>Parses 1*DIGIT no larger than <paramref name="max"/>; rejects signs, blanks and overflow.</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> s, ulong max, out ulong value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 19)
        {
            return false;
        }

        foreach (byte b in s)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            value = (value * 10) + (uint)(b - '0');
        }

        return value <= max;
    }

    /// <summary>Splits off the first token; returns the index after it (and any LWS), or -1 if there is no token.</summary>
    public static int ReadToken(ReadOnlySpan<byte> s, int start, out int tokenEnd)
    {
        int end = s[start..].IndexOfAnyExcept(Token);
        tokenEnd = end < 0 ? s.Length : start + end;
        return tokenEnd == start ? -1 : SkipWhitespace(s, tokenEnd);
    }

    private static SearchValues<byte> Create(string chars)
    {
        var bytes = new byte[chars.Length];
        for (int i = 0; i < chars.Length; i++)
        {
            bytes[i] = (byte)chars[i];
        }

        return SearchValues.Create(bytes);
    }
}
