using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// Wires a <see cref="SipUserAgent"/> to a <see cref="SipTransactionLayer"/>: it is the layer's transaction user and
/// the agent's channel. The three refer to each other, so the agent and layer are attached after construction:
/// <code>
/// var binding = new SipTransactionLayerBinding(transport);
/// binding.Layer = new SipTransactionLayer(transport, binding, timers);
/// binding.Agent = new SipUserAgent(binding, options, handler, timers, loggerFactory);
/// </code>
/// Next hops are resolved from the URI alone: an IP literal, or a host looked up through <c>resolveHost</c> (default:
/// a synchronous A/AAAA lookup); port 5060 (5061 for TLS) when absent; no RFC 3263 NAPTR/SRV.
/// </summary>
public sealed class SipTransactionLayerBinding(ISipTransactionTransport transport, Func<string, IPAddress?>? resolveHost = null)
    : ISipTransactionChannel, ISipTransactionUser
{
    private readonly ConcurrentDictionary<SipServerTransaction, ServerRequest> _invites = new();
    private readonly Func<string, IPAddress?> _resolve = resolveHost ?? ResolveWithDns;

    public SipTransactionLayer? Layer { get; set; }

    public SipUserAgent? Agent { get; set; }

    /// <inheritdoc/>
    public void SendRequest(SipMethod method, string nextHop, IMemoryOwner<byte> request, ISipResponseHandler handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        if (Layer is not { } layer || !TryResolve(nextHop, out SipTransportKind kind, out SipEndPoint destination))
        {
            request.Dispose();
            handler.OnFailure(SipTransactionTermination.TransportError);
            return;
        }

        layer.SendRequest(request, kind, destination, new ClientUser(handler));
    }

    /// <inheritdoc/>
    public void SendAck(string nextHop, ReadOnlyMemory<byte> ack)
    {
        if (TryResolve(nextHop, out SipTransportKind kind, out SipEndPoint destination))
        {
            transport.Send(kind, destination, ack.Span);
        }
    }

    void ISipTransactionUser.OnRequest(SipServerTransaction transaction, SipMessage request, in SipReceiveContext context)
    {
        var wrapped = new ServerRequest(transaction, request, context);
        if (transaction is SipServerInviteTransaction)
        {
            _invites[transaction] = wrapped;
        }

        Agent?.OnRequest(wrapped);
    }

    void ISipTransactionUser.OnAck(SipMessage ack, in SipReceiveContext context) => Agent?.OnRequest(new ServerRequest(null, ack, context));

    void ISipTransactionUser.OnStrayResponse(SipMessage response, in SipReceiveContext context) => Agent?.OnStrayResponse(response);

    void ISipTransactionUser.OnCancelled(SipServerInviteTransaction invite)
    {
        if (_invites.TryGetValue(invite, out ServerRequest? request))
        {
            Agent?.OnInviteCancelled(request);
        }
    }

    void ISipTransactionUser.OnTerminated(SipServerTransaction transaction, SipTransactionTermination reason) =>
        _invites.TryRemove(transaction, out _);

    private bool TryResolve(string uri, out SipTransportKind kind, out SipEndPoint destination)
    {
        kind = SipTransportKind.Udp;
        destination = default;
        if (!SipUri.TryParse(Encoding.UTF8.GetBytes(uri), out SipUri parsed) || !parsed.IsSip)
        {
            return false;
        }

        if (parsed.TryGetParameter("transport"u8, out ReadOnlyMemory<byte> name))
        {
            ReadOnlySpan<byte> t = name.Span;
            kind = Ascii.EqualsIgnoreCase(t, "tcp"u8) ? SipTransportKind.Tcp : Ascii.EqualsIgnoreCase(t, "tls"u8) ? SipTransportKind.Tls : SipTransportKind.Udp;
        }

        if (parsed.Scheme == SipUriScheme.Sips)
        {
            kind = SipTransportKind.Tls;
        }

        string host = Encoding.ASCII.GetString(parsed.Host.Span).Trim('[', ']');
        IPAddress? address = IPAddress.TryParse(host, out IPAddress? literal) ? literal : _resolve(host);
        if (address is null)
        {
            return false;
        }

        int port = parsed.Port != 0 ? parsed.Port : kind == SipTransportKind.Tls ? 5061 : 5060;
        destination = SipEndPoint.FromIPEndPoint(new IPEndPoint(address, port));
        return true;
    }

    private static IPAddress? ResolveWithDns(string host)
    {
        try
        {
            IPAddress[] addresses = Dns.GetHostAddresses(host);
            return addresses.Length > 0 ? addresses[0] : null;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    private static string TransportName(SipTransportKind kind) => kind switch
    {
        SipTransportKind.Tcp => "TCP",
        SipTransportKind.Tls => "TLS",
        _ => "UDP",
    };

    /// <summary>A request from the layer with its server transaction (none for an ACK).</summary>
    private sealed class ServerRequest(SipServerTransaction? transaction, SipMessage request, in SipReceiveContext context) : ISipServerRequest
    {
        public SipMessage Request { get; } = request;

        public string Transport { get; } = TransportName(context.Transport.Kind);

        public IPEndPoint RemoteEndPoint { get; } = context.Remote.ToIPEndPoint();

        public string? LocalTag { get; } = transaction is null || transaction.LocalTag.IsEmpty ? null : Encoding.ASCII.GetString(transaction.LocalTag.Span);

        public bool SendResponse(int statusCode, IMemoryOwner<byte> response)
        {
            if (transaction is null)
            {
                response.Dispose();
                return false;
            }

            return transaction.SendResponse(statusCode, response);
        }
    }

    /// <summary>Passes one client transaction's responses to the agent; reports a timeout only if no final response came.</summary>
    private sealed class ClientUser(ISipResponseHandler handler) : ISipClientTransactionUser
    {
        private volatile bool _final;

        public void OnResponse(SipClientTransaction transaction, SipMessage response)
        {
            _final |= response.StatusCode >= 200;
            handler.OnResponse(response);
        }

        public void OnTerminated(SipClientTransaction transaction, SipTransactionTermination reason)
        {
            if (reason != SipTransactionTermination.Normal && !_final)
            {
                handler.OnFailure(reason);
            }
        }
    }
}
