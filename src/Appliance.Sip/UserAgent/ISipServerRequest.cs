using System.Buffers;
using System.Net;
using Appliance.Sip.Message;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// A request the transaction layer hands to the user agent (the TU's upward seam), with the server transaction to answer
/// through. ACKs for 2xx arrive the same way; they have no transaction and <see cref="SendResponse"/> returns false.
/// </summary>
public interface ISipServerRequest
{
    /// <summary>The request; a view valid only during <see cref="SipUserAgent.OnRequest"/> (the UA clones what it keeps).</summary>
    SipMessage Request { get; }

    /// <summary>The transport it arrived on: "UDP", "TCP", "TLS", "WS"...</summary>
    string Transport { get; }

    /// <summary>Where it came from (for Via received/rport, RFC 3261 §18.2.1 / RFC 3581).</summary>
    IPEndPoint RemoteEndPoint { get; }

    /// <summary>
    /// The To tag the transaction layer puts in responses it sends itself (100, 487, 482) for a request without one, so
    /// ours match; null lets the user agent choose.
    /// </summary>
    string? LocalTag { get; }

    /// <summary>
    /// Sends a response through the server transaction, which owns <paramref name="response"/> from now on. Callable
    /// after OnRequest returns; false when the transaction no longer accepts it.
    /// </summary>
    bool SendResponse(int statusCode, IMemoryOwner<byte> response);
}
