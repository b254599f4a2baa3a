using System.Text;

namespace Appliance.Sip.Message;

/// <summary>
/// A parsed SIP request or response: a reusable view over the caller's (pooled) buffer. <see cref="Parse"/> fills it
/// without allocating; every slice it exposes points into that buffer, so the message is valid only while the buffer
/// is. Use <see cref="Clone"/> to keep one beyond that. Not thread-safe.
/// </summary>
public sealed class SipMessage
{
    private readonly SipHeader[] _headers;

    /// <summary>Creates an empty message whose header table is sized by <paramref name="limits"/> (defaults if null).</summary>
    public SipMessage(SipParserLimits? limits = null)
    {
        Limits = limits ?? SipParserLimits.Default;
        _headers = new SipHeader[Limits.MaxHeaderCount];
    }

    public SipParserLimits Limits { get; }

    /// <summary>The message bytes, start line through body (leading CRLFs and bytes beyond Content-Length excluded).</summary>
    public ReadOnlyMemory<byte> Buffer { get; internal set; }

    /// <summary>True for a request; after a failed parse, true when the start line did not look like a response (so a 400 may be due).</summary>
    public bool IsRequest { get; internal set; }

    public bool IsResponse => !IsRequest && StatusCode != 0;

    public SipMethod Method { get; internal set; }

    /// <summary>The request method token as sent (meaningful for <see cref="SipMethod.Unknown"/>).</summary>
    public ReadOnlyMemory<byte> MethodToken { get; internal set; }

    public SipUri RequestUri { get; internal set; }

    public int StatusCode { get; internal set; }

    public ReadOnlyMemory<byte> ReasonPhrase { get; internal set; }

    /// <summary>The first Via value: where responses go (RFC 3261 §18.2.2) and the transaction key.</summary>
    public SipVia TopVia { get; internal set; }

    public SipNameAddress From { get; internal set; }

    public SipNameAddress To { get; internal set; }

    public ReadOnlyMemory<byte> CallId { get; internal set; }

    public SipCSeq CSeq { get; internal set; }

    /// <summary>Max-Forwards, or -1 when absent.</summary>
    public int MaxForwards { get; internal set; }

    /// <summary>Content-Length, or -1 when absent (allowed on datagrams only).</summary>
    public int ContentLength { get; internal set; }

    /// <summary>Raw Content-Type value, empty when absent.</summary>
    public ReadOnlyMemory<byte> ContentType { get; internal set; }

    /// <summary>Expires header in seconds, or -1 when absent.</summary>
    public long Expires { get; internal set; }

    public ReadOnlyMemory<byte> Body { get; internal set; }

    /// <summary>All header fields in received order (before <see cref="Parse"/> fails: those read so far).</summary>
    public ReadOnlySpan<SipHeader> Headers => _headers.AsSpan(0, HeaderCount);

    internal int HeaderCount { get; set; }

    internal SipHeader[] HeaderTable => _headers;

    /// <summary>Parses <paramref name="data"/> into this instance, replacing its contents. On failure the headers read so far stay available.</summary>
    public SipParseError Parse(ReadOnlyMemory<byte> data) => SipMessageParser.Parse(data, this);

    /// <summary>Values of one header kind across all its lines, comma lists split (allocation-free enumerable).</summary>
    public SipHeaderValues GetValues(SipHeaderKind kind) => new(_headers, HeaderCount, kind);

    /// <summary>The raw value of the first field of <paramref name="kind"/>.</summary>
    public bool TryGetHeader(SipHeaderKind kind, out ReadOnlyMemory<byte> value)
    {
        foreach (ref readonly SipHeader header in Headers)
        {
            if (header.Kind == kind)
            {
                value = header.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The raw value of the first field named <paramref name="name"/> (case-insensitive, exact spelling: no compact-form mapping).</summary>
    public bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value)
    {
        foreach (ref readonly SipHeader header in Headers)
        {
            if (Ascii.EqualsIgnoreCase(header.Name.Span, name))
            {
                value = header.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// The leading delta-seconds of a header such as Session-Expires ("1800;refresher=uac"), Min-SE, Min-Expires or
    /// Retry-After ("120 (busy);duration=60").
    /// </summary>
    public bool TryGetDeltaSeconds(SipHeaderKind kind, out uint seconds)
    {
        seconds = 0;
        if (!TryGetHeader(kind, out ReadOnlyMemory<byte> value))
        {
            return false;
        }

        ReadOnlySpan<byte> s = value.Span;
        int end = s.IndexOfAnyExcept("0123456789"u8);
        if (!SipSyntax.TryParseNumber(end < 0 ? s : s[..end], uint.MaxValue, out ulong parsed))
        {
            return false;
        }

        seconds = (uint)parsed;
        return true;
    }

    /// <summary>True when a token list header (Require, Supported, Allow...) contains <paramref name="token"/> (case-insensitive).</summary>
    public bool HasToken(SipHeaderKind kind, ReadOnlySpan<byte> token)
    {
        foreach (ReadOnlyMemory<byte> value in GetValues(kind))
        {
            if (Ascii.EqualsIgnoreCase(value.Span, token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Copies the message into its own array and parses the copy: for keeping a message past its buffer's lifetime (cold path).</summary>
    public SipMessage Clone()
    {
        var copy = new SipMessage(Limits);
        copy.Parse(Buffer.ToArray());
        return copy;
    }

    public override string ToString() => Encoding.UTF8.GetString(Buffer.Span);

    internal void Reset()
    {
        Buffer = default;
        IsRequest = false;
        Method = SipMethod.Unknown;
        MethodToken = default;
        RequestUri = default;
        StatusCode = 0;
        ReasonPhrase = default;
        TopVia = default;
        From = default;
        To = default;
        CallId = default;
        CSeq = default;
        MaxForwards = -1;
        ContentLength = -1;
        ContentType = default;
        Expires = -1;
        Body = default;
        HeaderCount = 0;
    }
}
