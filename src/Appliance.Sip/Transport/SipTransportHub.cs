using System.Net.Sockets;
using System.Text;
using Appliance.Sip.Message;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Sip.Transport;

/// <summary>
/// Owns every listener, feeds received messages to one <see cref="ISipMessageHandler"/>, picks a transport for a
/// destination and routes responses per RFC 3261 §18.2.2 / RFC 3581. The seam the transaction layer sends through.
/// </summary>
public sealed class SipTransportHub : IAsyncDisposable
{
    private readonly SipTransportOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SipTransportMetrics _metrics;
    private readonly List<ISipTransport> _transports = [];
    private readonly SipTransportMetrics? _ownedMetrics;
    private bool _started;

    /// <summary>Configures the hub; nothing is bound until <see cref="Start"/>, so the handler (which usually needs the hub to send) can be built in between.</summary>
    public SipTransportHub(
        SipTransportOptions options,
        ILogger<SipTransportHub>? logger = null,
        TimeProvider? timeProvider = null,
        SipTransportMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ownedMetrics = metrics is null ? new SipTransportMetrics() : null;
        _metrics = metrics ?? _ownedMetrics!;
    }

    /// <summary>The bound transports, in configuration order (empty before <see cref="Start"/>).</summary>
    public IReadOnlyList<ISipTransport> Transports => _transports;

    /// <summary>
    /// Binds every configured listener and starts the receive loops, delivering messages to <paramref name="handler"/>.
    /// Throws if a bind fails (a configuration error).
    /// </summary>
    public void Start(ISipMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_started)
        {
            throw new InvalidOperationException("The transport hub is already started.");
        }

        _started = true;
        var shared = new SipTransportShared(handler, _options, _metrics, _logger, _timeProvider);
        foreach (SipListenerOptions listener in _options.Listeners)
        {
            switch (listener.Transport)
            {
                case SipTransportKind.Udp:
                    var udp = new SipUdpTransport(listener.EndPoint, shared);
                    _transports.Add(udp);
                    udp.Start();
                    break;
                case SipTransportKind.Tcp:
                    var tcp = new SipTcpTransport(listener.EndPoint, shared);
                    _transports.Add(tcp);
                    tcp.Start();
                    break;
                default:
                    throw new NotSupportedException($"SIP transport {listener.Transport} is not available.");
            }

            SipTransportLog.Listening(_logger, listener.Transport, _transports[^1].LocalEndPoint);
        }
    }

    /// <summary>
    /// The transport a request to <paramref name="target"/> uses absent DNS (RFC 3263 §4.1 defaults): the transport
    /// parameter when present, TLS for sips:, else UDP.
    /// </summary>
    public static SipTransportKind KindFor(in SipUri target)
    {
        if (target.TryGetParameter("transport"u8, out ReadOnlyMemory<byte> transport))
        {
            if (Ascii.EqualsIgnoreCase(transport.Span, "tcp"u8))
            {
                return SipTransportKind.Tcp;
            }

            if (Ascii.EqualsIgnoreCase(transport.Span, "tls"u8))
            {
                return SipTransportKind.Tls;
            }
        }

        return target.Scheme == SipUriScheme.Sips ? SipTransportKind.Tls : SipTransportKind.Udp;
    }

    /// <summary>The first transport of <paramref name="kind"/> whose address family matches, or null.</summary>
    public ISipTransport? SelectTransport(SipTransportKind kind, AddressFamily family)
    {
        foreach (ISipTransport transport in _transports)
        {
            if (transport.Kind == kind && transport.LocalEndPoint.Family == family)
            {
                return transport;
            }
        }

        return null;
    }

    /// <summary>Sends a request (or any message) to <paramref name="destination"/> over the first matching transport.</summary>
    public bool Send(SipTransportKind kind, SipEndPoint destination, ReadOnlySpan<byte> message) =>
        SelectTransport(kind, destination.Family)?.Send(destination, message) ?? false;

    /// <summary>
    /// Sends a response to the request described by <paramref name="context"/>: over UDP to its §18.2.2 / RFC 3581
    /// destination; over TCP on the same connection while it is open, else on a new one to received:sent-by-port.
    /// </summary>
    public bool SendResponse(in SipReceiveContext context, ReadOnlySpan<byte> response)
    {
        ISipTransport transport = context.Transport;
        if (transport is SipTcpTransport tcp && !tcp.HasConnection(context.Remote))
        {
            return tcp.Send(context.Remote.WithPort(context.SentByPort), response);
        }

        return transport.Send(context.ResponseDestination, response);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ISipTransport transport in _transports)
        {
            if (transport is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }

        _transports.Clear();
        _ownedMetrics?.Dispose();
    }
}
