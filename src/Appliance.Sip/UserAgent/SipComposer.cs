using System.Net;
using System.Text;
using Appliance.Sip.Message;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// Writes user-agent messages (cold path: once or a few times per call) from strings into a pooled buffer that the
/// transaction layer then owns. Thin sugar over <see cref="SipMessageWriter"/>.
/// </summary>
internal sealed class SipComposer
{
    private readonly SipPooledBufferWriter _buffer = new();

    private SipComposer()
    {
    }

    /// <summary>Starts a request: request line and Max-Forwards.</summary>
    public static SipComposer Request(string method, string requestUri)
    {
        var composer = new SipComposer();
        composer.Writer.WriteRequestLine(Encoding.ASCII.GetBytes(method), Encoding.UTF8.GetBytes(requestUri));
        composer.Writer.WriteHeader(SipHeaderKind.MaxForwards, 70);
        return composer;
    }

    /// <summary>
    /// Starts a response to <paramref name="request"/>: status line, Vias (the top one stamped with received/rport for
    /// <paramref name="source"/>), From, To (with <paramref name="toTag"/> added if it has none), Call-ID, CSeq.
    /// </summary>
    public static SipComposer Response(SipMessage request, IPEndPoint source, int statusCode, string reason, string? toTag)
    {
        var composer = new SipComposer();
        string address = source.Address.ToString();
        SipVia via = request.TopVia;
        // RFC 3581 §4: with rport asked for, received is added even when it equals sent-by.
        bool stampReceived = via.Rport == 0 || !via.Host.Span.SequenceEqual(Encoding.ASCII.GetBytes(address));
        SipResponseBuilder.WriteResponseHeaders(composer.Writer, request, statusCode, Encoding.UTF8.GetBytes(reason),
            toTag is null ? [] : Encoding.ASCII.GetBytes(toTag), stampReceived ? Encoding.ASCII.GetBytes(address) : [], source.Port);
        return composer;
    }

    private SipMessageWriter Writer => new(_buffer);

    public SipComposer Header(SipHeaderKind kind, string value)
    {
        Writer.WriteHeaderStart(kind);
        Encoding.UTF8.GetBytes(value, _buffer);
        Writer.WriteHeaderEnd();
        return this;
    }

    public SipComposer Header(string name, string value)
    {
        Encoding.UTF8.GetBytes(name, _buffer);
        Writer.Write(": "u8);
        Encoding.UTF8.GetBytes(value, _buffer);
        Writer.WriteHeaderEnd();
        return this;
    }

    /// <summary>Copies every received value of <paramref name="kind"/> (e.g. Record-Route into a dialog-creating response).</summary>
    public SipComposer Copy(SipMessage from, SipHeaderKind kind)
    {
        foreach (ref readonly SipHeader header in from.Headers)
        {
            if (header.Kind == kind)
            {
                Writer.WriteHeader(header);
            }
        }

        return this;
    }

    public SipComposer CSeq(uint number, string method)
    {
        Writer.WriteCSeq(number, Encoding.ASCII.GetBytes(method));
        return this;
    }

    /// <summary>Ends the message: Content-Type and body when <paramref name="body"/> is non-empty, Content-Length always.</summary>
    public SipPooledBufferWriter End(string? contentType = null, string? body = null)
    {
        Writer.WriteBody(contentType is null ? [] : Encoding.ASCII.GetBytes(contentType), body is null ? [] : Encoding.UTF8.GetBytes(body));
        return _buffer;
    }
}
