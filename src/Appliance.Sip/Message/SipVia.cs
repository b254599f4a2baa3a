using System.Text;

namespace Appliance.Sip.Message;

/// <summary>One Via value (RFC 3261 §20.42, RFC 3581): transport, sent-by, branch, received and rport. A view over the caller's bytes.</summary>
public readonly struct SipVia
{
    private readonly int _transportStart, _transportLength, _hostStart, _hostLength, _paramsStart, _paramsLength;
    private readonly int _branchStart, _branchLength, _receivedStart, _receivedLength;

    private SipVia(ReadOnlyMemory<byte> raw, int transportStart, int transportLength, int hostStart, int hostLength, int port,
        int paramsStart, int paramsLength, int branchStart, int branchLength, int receivedStart, int receivedLength, int rport, int rportNameEnd)
    {
        Raw = raw;
        _transportStart = transportStart;
        _transportLength = transportLength;
        _hostStart = hostStart;
        _hostLength = hostLength;
        Port = port;
        _paramsStart = paramsStart;
        _paramsLength = paramsLength;
        _branchStart = branchStart;
        _branchLength = branchLength;
        _receivedStart = receivedStart;
        _receivedLength = receivedLength;
        Rport = rport;
        RportNameEnd = rportNameEnd;
    }

    /// <summary>The whole value as received (LWS trimmed).</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>Transport token, e.g. "UDP", "TCP", "TLS", "WS" (case as sent).</summary>
    public ReadOnlyMemory<byte> Transport => Raw.Slice(_transportStart, _transportLength);

    /// <summary>sent-by host; an IPv6 reference keeps its brackets.</summary>
    public ReadOnlyMemory<byte> Host => Raw.Slice(_hostStart, _hostLength);

    /// <summary>sent-by port, or 0 when absent (the transport default applies).</summary>
    public int Port { get; }

    /// <summary>Via parameters including the leading ';'.</summary>
    public ReadOnlyMemory<byte> Parameters => Raw.Slice(_paramsStart, _paramsLength);

    /// <summary>The branch parameter, empty if absent.</summary>
    public ReadOnlyMemory<byte> Branch => Raw.Slice(_branchStart, _branchLength);

    /// <summary>True when the branch starts with the RFC 3261 magic cookie "z9hG4bK".</summary>
    public bool HasRfc3261Branch => Branch.Span.StartsWith("z9hG4bK"u8);

    /// <summary>The received parameter, empty if absent.</summary>
    public ReadOnlyMemory<byte> Received => Raw.Slice(_receivedStart, _receivedLength);

    /// <summary>-1 when there is no rport parameter, 0 when it is present without a value (a request for RFC 3581), else its port.</summary>
    public int Rport { get; }

    public bool HasRport => Rport >= 0;

    /// <summary>Offset within <see cref="Raw"/> just past the "rport" name; where a response writer inserts "=port".</summary>
    internal int RportNameEnd { get; }

    public bool IsTransport(ReadOnlySpan<byte> transport) => Ascii.EqualsIgnoreCase(Transport.Span, transport);

    public bool TryGetParameter(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value) =>
        SipParameterReader.TryFind(Parameters, name, uriStyle: false, out value);

    /// <summary>Parses one Via value (already split from a comma list).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipVia via)
    {
        via = default;
        ReadOnlySpan<byte> trimmed = SipSyntax.Trim(value.Span, out int leading);
        ReadOnlyMemory<byte> raw = value.Slice(leading, trimmed.Length);
        ReadOnlySpan<byte> s = raw.Span;

        // sent-protocol = "SIP" SLASH "2.0" SLASH transport, with LWS allowed around each slash.
        int i = SipSyntax.ReadToken(s, 0, out int nameEnd);
        if (i < 0 || !Ascii.EqualsIgnoreCase(s[..nameEnd], "SIP"u8) || !Slash(s, ref i))
        {
            return false;
        }

        int versionStart = i;
        i = SipSyntax.ReadToken(s, i, out int versionEnd);
        if (i < 0 || !s[versionStart..versionEnd].SequenceEqual("2.0"u8) || !Slash(s, ref i))
        {
            return false;
        }

        int transportStart = i;
        i = SipSyntax.ReadToken(s, i, out int transportEnd);
        if (i < 0 || i == transportEnd)
        {
            return false; // LWS must separate sent-protocol from sent-by.
        }

        int hostStart = i;
        if (s[i] == '[')
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
            if (i == hostStart)
            {
                return false;
            }
        }

        int hostEnd = i;
        int port = 0;
        i = SipSyntax.SkipWhitespace(s, i);
        if (i < s.Length && s[i] == ':')
        {
            int portStart = SipSyntax.SkipWhitespace(s, i + 1);
            int digits = s[portStart..].IndexOfAnyExcept("0123456789"u8);
            int portEnd = digits < 0 ? s.Length : portStart + digits;
            if (!SipSyntax.TryParseNumber(s[portStart..portEnd], 65535, out ulong p))
            {
                return false;
            }

            port = (int)p;
            i = SipSyntax.SkipWhitespace(s, portEnd);
        }

        int paramsStart = i;
        var reader = new SipParameterReader(s[paramsStart..], uriStyle: false);
        int branchStart = 0, branchLength = 0, receivedStart = 0, receivedLength = 0, rport = -1, rportNameEnd = 0;
        while (reader.MoveNext())
        {
            ReadOnlySpan<byte> name = reader.Name;
            if (Ascii.EqualsIgnoreCase(name, "branch"u8))
            {
                if (!reader.HasValue || !SipSyntax.IsToken(reader.Value))
                {
                    return false;
                }

                branchStart = paramsStart + reader.ValueStart;
                branchLength = reader.ValueLength;
            }
            else if (Ascii.EqualsIgnoreCase(name, "received"u8))
            {
                // IPv4 or IPv6 address; bracketed IPv6 is tolerated (RFC 5118 §4.5).
                ReadOnlySpan<byte> address = reader.Value;
                if (address.Length > 2 && address[0] == '[' && address[^1] == ']')
                {
                    address = address[1..^1];
                }

                if (!reader.HasValue || address.ContainsAnyExcept(SipSyntax.IPv6Chars))
                {
                    return false;
                }

                receivedStart = paramsStart + reader.ValueStart;
                receivedLength = reader.ValueLength;
            }
            else if (Ascii.EqualsIgnoreCase(name, "rport"u8))
            {
                rport = 0;
                rportNameEnd = paramsStart + reader.NameEnd;
                if (reader.HasValue)
                {
                    if (!SipSyntax.TryParseNumber(reader.Value, 65535, out ulong p) || p == 0)
                    {
                        return false;
                    }

                    rport = (int)p;
                }
            }
        }

        if (reader.Failed)
        {
            return false;
        }

        via = new SipVia(raw, transportStart, transportEnd - transportStart, hostStart, hostEnd - hostStart, port, paramsStart,
            s.Length - paramsStart, branchStart, branchLength, receivedStart, receivedLength, rport, rportNameEnd);
        return true;
    }

    private static bool Slash(ReadOnlySpan<byte> s, ref int i)
    {
        if (i >= s.Length || s[i] != '/')
        {
            return false;
        }

        i = SipSyntax.SkipWhitespace(s, i + 1);
        return i < s.Length;
    }
}
