namespace Appliance.Sip.Message;

/// <summary>
/// A From, To, Contact, Route or Record-Route value: name-addr ("Display" &lt;uri&gt;;params) or addr-spec (uri;params),
/// or the Contact wildcard "*". A view over the caller's bytes.
/// </summary>
public readonly struct SipNameAddress
{
    private readonly int _displayStart, _displayLength, _paramsStart, _paramsLength, _tagStart, _tagLength;

    private SipNameAddress(ReadOnlyMemory<byte> raw, SipUri uri, bool isWildcard, bool isNameAddr, int displayStart, int displayLength,
        int paramsStart, int paramsLength, int tagStart, int tagLength)
    {
        Raw = raw;
        Uri = uri;
        IsWildcard = isWildcard;
        IsNameAddr = isNameAddr;
        _displayStart = displayStart;
        _displayLength = displayLength;
        _paramsStart = paramsStart;
        _paramsLength = paramsLength;
        _tagStart = tagStart;
        _tagLength = tagLength;
    }

    /// <summary>The whole value as received (LWS trimmed).</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    public SipUri Uri { get; }

    /// <summary>True for the Contact "*" of a REGISTER that removes all bindings.</summary>
    public bool IsWildcard { get; }

    /// <summary>True when the URI was enclosed in angle brackets.</summary>
    public bool IsNameAddr { get; }

    /// <summary>Display name without surrounding quotes (quoted-pairs still escaped); empty if none.</summary>
    public ReadOnlyMemory<byte> DisplayName => Raw.Slice(_displayStart, _displayLength);

    /// <summary>Header parameters including the leading ';', empty if none.</summary>
    public ReadOnlyMemory<byte> Parameters => Raw.Slice(_paramsStart, _paramsLength);

    /// <summary>The tag parameter (From/To), empty if absent.</summary>
    public ReadOnlyMemory<byte> Tag => Raw.Slice(_tagStart, _tagLength);

    public bool HasTag => _tagLength > 0;

    public bool TryGetParameter(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value) =>
        SipParameterReader.TryFind(Parameters, name, uriStyle: false, out value);

    /// <summary>The Contact "expires" parameter as delta-seconds, when present and valid.</summary>
    public bool TryGetExpires(out uint seconds)
    {
        seconds = 0;
        if (!TryGetParameter("expires"u8, out ReadOnlyMemory<byte> value) || !SipSyntax.TryParseNumber(value.Span, uint.MaxValue, out ulong parsed))
        {
            return false;
        }

        seconds = (uint)parsed;
        return true;
    }

    /// <summary>Parses one value (already split from a comma list). Fails on unbalanced quotes, bad display names or bad URIs.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipNameAddress address)
    {
        address = default;
        ReadOnlySpan<byte> trimmed = SipSyntax.Trim(value.Span, out int leading);
        ReadOnlyMemory<byte> raw = value.Slice(leading, trimmed.Length);
        ReadOnlySpan<byte> s = raw.Span;
        if (s.IsEmpty)
        {
            return false;
        }

        if (s.Length == 1 && s[0] == '*')
        {
            address = new SipNameAddress(raw, default, isWildcard: true, isNameAddr: false, 0, 0, 1, 0, 1, 0);
            return true;
        }

        int displayStart = 0, displayLength = 0;
        int i = 0;
        bool nameAddr;
        if (s[0] == '"')
        {
            int end = SipSyntax.QuotedStringEnd(s, 0);
            if (end < 0)
            {
                return false;
            }

            displayStart = 1;
            displayLength = end - 2;
            i = SipSyntax.SkipWhitespace(s, end);
            if (i >= s.Length || s[i] != '<')
            {
                return false;
            }

            nameAddr = true;
        }
        else
        {
            int angle = s.IndexOf((byte)'<');
            nameAddr = angle >= 0;
            if (nameAddr)
            {
                // An unquoted display name is *(token LWS); anything else (a comma, a URI) makes it a bad name-addr.
                ReadOnlySpan<byte> display = SipSyntax.Trim(s[..angle], out int displayLead);
                foreach (byte b in display)
                {
                    if (!SipSyntax.IsWhitespace(b) && !SipSyntax.Token.Contains(b))
                    {
                        return false;
                    }
                }

                displayStart = displayLead;
                displayLength = display.Length;
                i = angle;
            }
        }

        SipUri uri;
        int afterUri;
        if (nameAddr)
        {
            int close = s[(i + 1)..].IndexOf((byte)'>');
            if (close < 0 || !SipUri.TryParse(raw.Slice(i + 1, close), out uri))
            {
                return false;
            }

            afterUri = i + 1 + close + 1;
        }
        else
        {
            // addr-spec: the URI stops at the first ';' and must not carry '?' or ',' (RFC 3261 §20.10).
            int semi = s.IndexOfAny("; \t\r\n"u8);
            int uriEnd = semi < 0 ? s.Length : semi;
            ReadOnlySpan<byte> uriText = s[..uriEnd];
            if (uriText.IndexOfAny((byte)'?', (byte)',') >= 0 || !SipUri.TryParse(raw[..uriEnd], out uri))
            {
                return false;
            }

            afterUri = uriEnd;
        }

        int paramsStart = SipSyntax.SkipWhitespace(s, afterUri);
        ReadOnlySpan<byte> parameters = s[paramsStart..];
        var reader = new SipParameterReader(parameters, uriStyle: false);
        int tagStart = 0, tagLength = 0;
        while (reader.MoveNext())
        {
            if (reader.Name.Length == 3 && System.Text.Ascii.EqualsIgnoreCase(reader.Name, "tag"u8))
            {
                tagStart = paramsStart + reader.ValueStart;
                tagLength = reader.ValueLength;
            }
        }

        if (reader.Failed)
        {
            return false;
        }

        address = new SipNameAddress(raw, uri, isWildcard: false, nameAddr, displayStart, displayLength, paramsStart,
            parameters.Length, tagStart, tagLength);
        return true;
    }
}
