using System.Text;
using Appliance.Sip.Message;

namespace Appliance.Sip.Transport;

/// <summary>
/// Where a message came from and how to answer it: the transport, the packet source, and the Via processing of
/// RFC 3261 §18.2.1 / RFC 3581 (whether to stamp received and rport, and the §18.2.2 response destination).
/// </summary>
public readonly struct SipReceiveContext
{
    private const int DefaultSipPort = 5060;

    internal SipReceiveContext(ISipTransport transport, SipEndPoint remote, long connectionId, SipMessage message)
    {
        Transport = transport;
        Remote = remote;
        ConnectionId = connectionId;
        if (!message.IsRequest)
        {
            ResponseDestination = remote;
            return;
        }

        SipVia top = message.TopVia;
        RportRequested = top.Rport == 0;
        AddReceived = RportRequested || !HostMatches(top.Host.Span, remote);
        SentByPort = top.Port != 0 ? top.Port : DefaultSipPort;

        // §18.2.2: unreliable responses go to received:sent-by-port, or to the packet source when rport was asked for;
        // reliable ones go back over the connection (see SipTransportHub.SendResponse).
        ResponseDestination = transport.IsReliable || RportRequested ? remote : remote.WithPort(SentByPort);
    }

    /// <summary>The transport the message arrived on.</summary>
    public ISipTransport Transport { get; }

    /// <summary>The packet source (for TCP, the connection's peer).</summary>
    public SipEndPoint Remote { get; }

    public SipEndPoint Local => Transport.LocalEndPoint;

    /// <summary>Identifies the TCP connection (0 for UDP).</summary>
    public long ConnectionId { get; }

    /// <summary>The request's top Via carried an empty rport (RFC 3581): the response must fill it with the source port.</summary>
    public bool RportRequested { get; }

    /// <summary>The response's top Via must carry received= (source address differs from sent-by, or rport was requested).</summary>
    public bool AddReceived { get; }

    /// <summary>The top Via sent-by port (5060 when absent).</summary>
    public int SentByPort { get; }

    /// <summary>Where responses to this request go (RFC 3261 §18.2.2, RFC 3581 §4).</summary>
    public SipEndPoint ResponseDestination { get; }

    /// <summary>
    /// Writes a response's status line and copied headers with this request's Via stamps applied; the caller adds
    /// headers and ends the message.
    /// </summary>
    public void WriteResponseHeaders(in SipMessageWriter writer, SipMessage request, int statusCode, ReadOnlySpan<byte> reasonPhrase,
        ReadOnlySpan<byte> toTag)
    {
        Span<byte> received = stackalloc byte[64];
        int length = AddReceived ? Remote.FormatAddress(received) : 0;
        SipResponseBuilder.WriteResponseHeaders(writer, request, statusCode, reasonPhrase, toTag,
            received[..Math.Max(length, 0)], RportRequested ? Remote.Port : 0);
    }

    private static bool HostMatches(ReadOnlySpan<byte> host, SipEndPoint remote)
    {
        if (host.Length > 2 && host[0] == '[')
        {
            host = host[1..^1];
        }

        Span<byte> text = stackalloc byte[64];
        int length = remote.FormatAddress(text);
        return length > 0 && Ascii.EqualsIgnoreCase(host, text[..length]);
    }
}
