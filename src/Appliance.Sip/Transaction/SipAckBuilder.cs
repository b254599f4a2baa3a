using System.Buffers;
using Appliance.Sip.Message;

namespace Appliance.Sip.Transaction;

/// <summary>
/// Builds the ACK for a non-2xx final response to <see cref="Request"/> (RFC 3261 §17.1.1.3): same Request-URI,
/// top Via (so the same branch), From, Call-ID and Route set as the INVITE; To from the response (with its tag);
/// CSeq number of the INVITE with method ACK.
/// </summary>
public readonly ref struct SipAckBuilder : ISipAckFactory
{
    /// <summary>Pairs the original INVITE with the final response being acknowledged.</summary>
    public SipAckBuilder(SipMessage request, SipMessage response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        Request = request;
        Response = response;
    }

    /// <summary>The INVITE the transaction sent.</summary>
    public SipMessage Request { get; }

    /// <summary>The non-2xx final response.</summary>
    public SipMessage Response { get; }

    /// <inheritdoc/>
    public IMemoryOwner<byte> CreateAck()
    {
        var buffer = new SipPooledBufferWriter(512);
        var writer = new SipMessageWriter(buffer);
        writer.WriteRequestLine(SipMethod.Ack, Request.RequestUri.Raw.Span);
        writer.WriteHeader(SipHeaderKind.Via, Request.TopVia.Raw.Span);
        writer.WriteHeader(SipHeaderKind.MaxForwards, 70);
        Copy(writer, Request, SipHeaderKind.From);
        Copy(writer, Response, SipHeaderKind.To);
        Copy(writer, Request, SipHeaderKind.CallId);
        writer.WriteCSeq(Request.CSeq.Number, "ACK"u8);
        foreach (ref readonly SipHeader header in Request.Headers)
        {
            if (header.Kind == SipHeaderKind.Route)
            {
                writer.WriteHeader(header);
            }
        }

        writer.WriteEnd();
        return buffer;
    }

    private static void Copy(in SipMessageWriter writer, SipMessage message, SipHeaderKind kind)
    {
        if (message.TryGetHeader(kind, out ReadOnlyMemory<byte> value))
        {
            writer.WriteHeader(kind, value.Span);
        }
    }
}
