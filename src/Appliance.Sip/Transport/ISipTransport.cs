namespace Appliance.Sip.Transport;

/// <summary>One listening transport (a UDP socket, a TCP listener and its connections, later TLS).</summary>
public interface ISipTransport
{
    SipTransportKind Kind { get; }

    /// <summary>True for stream transports: no retransmissions (RFC 3261 §17.1.1.2) and Content-Length framing.</summary>
    bool IsReliable { get; }

    /// <summary>The bound local address (with the real port after binding port 0).</summary>
    SipEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Sends one serialized message. The bytes are sent or copied before this returns, so the caller may reuse them at
    /// once; it never blocks on the network (a stream transport queues, connecting first if needed). False on failure.
    /// </summary>
    bool Send(SipEndPoint destination, ReadOnlySpan<byte> message);
}
