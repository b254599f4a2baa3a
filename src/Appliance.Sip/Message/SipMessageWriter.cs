using System.Buffers;
using System.Buffers.Text;

namespace Appliance.Sip.Message;

/// <summary>
/// Serializes a request or response into an <see cref="IBufferWriter{T}"/>: start line, headers, then
/// <see cref="WriteBody"/> which writes Content-Length (always, so the bytes are valid on streams) and the body.
/// </summary>
public readonly ref struct SipMessageWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output;

    /// <summary>Method SP Request-URI SP SIP/2.0 CRLF.</summary>
    public void WriteRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> requestUri)
    {
        Write(method);
        Write(" "u8);
        Write(requestUri);
        Write(" SIP/2.0\r\n"u8);
    }

    public void WriteRequestLine(SipMethod method, ReadOnlySpan<byte> requestUri) => WriteRequestLine(SipMethods.ToToken(method), requestUri);

    /// <summary>SIP/2.0 SP code SP reason CRLF.</summary>
    public void WriteStatusLine(int statusCode, ReadOnlySpan<byte> reasonPhrase)
    {
        Write("SIP/2.0 "u8);
        WriteNumber((uint)statusCode);
        Write(" "u8);
        Write(reasonPhrase);
        Write("\r\n"u8);
    }

    /// <summary>A known header under its canonical name.</summary>
    public void WriteHeader(SipHeaderKind kind, ReadOnlySpan<byte> value) => WriteHeader(SipHeaderNames.Canonical(kind), value);

    /// <summary>Any header by name (pass-through of raw headers).</summary>
    public void WriteHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Write(name);
        Write(": "u8);
        Write(value);
        Write("\r\n"u8);
    }

    public void WriteHeader(SipHeaderKind kind, uint value)
    {
        Write(SipHeaderNames.Canonical(kind));
        Write(": "u8);
        WriteNumber(value);
        Write("\r\n"u8);
    }

    /// <summary>"CSeq: number METHOD".</summary>
    public void WriteCSeq(uint number, ReadOnlySpan<byte> method)
    {
        Write("CSeq: "u8);
        WriteNumber(number);
        Write(" "u8);
        Write(method);
        Write("\r\n"u8);
    }

    /// <summary>Writes the header verbatim as it was received, under its canonical name when known.</summary>
    public void WriteHeader(in SipHeader header)
    {
        ReadOnlySpan<byte> name = header.Kind == SipHeaderKind.Other ? header.Name.Span : SipHeaderNames.Canonical(header.Kind);
        WriteHeader(name, header.Value.Span);
    }

    /// <summary>Ends the header section with Content-Length (and Content-Type when a body is given) and appends the body.</summary>
    public void WriteBody(ReadOnlySpan<byte> contentType, ReadOnlySpan<byte> body)
    {
        if (!body.IsEmpty && !contentType.IsEmpty)
        {
            WriteHeader(SipHeaderKind.ContentType, contentType);
        }

        WriteHeader(SipHeaderKind.ContentLength, (uint)body.Length);
        Write("\r\n"u8);
        Write(body);
    }

    /// <summary>Ends a message that has no body ("Content-Length: 0").</summary>
    public void WriteEnd() => WriteBody([], []);

    /// <summary>Raw bytes, for callers composing a header value piecewise after <see cref="WriteHeaderStart"/>.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty)
        {
            _output.Write(bytes);
        }
    }

    /// <summary>"Name: " for a value written piecewise, finished by <see cref="WriteHeaderEnd"/>.</summary>
    public void WriteHeaderStart(SipHeaderKind kind)
    {
        Write(SipHeaderNames.Canonical(kind));
        Write(": "u8);
    }

    public void WriteHeaderEnd() => Write("\r\n"u8);

    public void WriteNumber(uint value)
    {
        Span<byte> span = _output.GetSpan(10);
        Utf8Formatter.TryFormat(value, span, out int written);
        _output.Advance(written);
    }
}
