using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Sip.Transport;

/// <summary>
/// A TCP listener plus the connection table keyed by remote address: requests and responses to a peer reuse its open
/// connection, a send to an unknown peer opens one. Idle connections are closed by a sweep on the injected clock.
/// </summary>
internal sealed class SipTcpTransport : ISipTransport, IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly SipTransportShared _shared;
    private readonly ConcurrentDictionary<SipEndPoint, SipTcpConnection> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _idleSweep;
    private Task _acceptLoop = Task.CompletedTask;

    public SipTcpTransport(IPEndPoint endPoint, SipTransportShared shared)
    {
        _shared = shared;
        _listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _listener.DualMode = false;
        }

        _listener.Bind(endPoint);
        LocalEndPoint = SipEndPoint.FromIPEndPoint((IPEndPoint)_listener.LocalEndPoint!);
        TimeSpan sweep = shared.Options.TcpIdleSweepInterval ?? shared.Options.TcpIdleTimeout / 4;
        _idleSweep = shared.Time.CreateTimer(static state => ((SipTcpTransport)state!).CloseIdleConnections(), this, sweep, sweep);
    }

    public SipTransportKind Kind => SipTransportKind.Tcp;

    public bool IsReliable => true;

    public SipEndPoint LocalEndPoint { get; }

    /// <summary>Open connections (for diagnostics and tests).</summary>
    public int ConnectionCount => _connections.Count;

    public void Start()
    {
        _listener.Listen(backlog: 128);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>True when a connection to <paramref name="remote"/> is open (responses prefer it, RFC 3261 §18.2.2).</summary>
    public bool HasConnection(SipEndPoint remote) => _connections.TryGetValue(remote, out SipTcpConnection? connection) && !connection.IsClosed;

    public bool Send(SipEndPoint destination, ReadOnlySpan<byte> message)
    {
        if (_connections.TryGetValue(destination, out SipTcpConnection? existing))
        {
            if (existing.Send(message))
            {
                return true;
            }

            // Closed but not yet removed: drop the stale entry so a fresh connection can take its place.
            Remove(existing);
        }

        if (destination.Family != LocalEndPoint.Family || _connections.Count >= _shared.Options.MaxTcpConnections || _stop.IsCancellationRequested)
        {
            return false;
        }

        var socket = new Socket(destination.Family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new SipTcpConnection(socket, destination, this, _shared);
        SipTcpConnection winner = _connections.GetOrAdd(destination, connection);
        if (winner != connection)
        {
            socket.Dispose();
            return winner.Send(message);
        }

        // Queue first: the bytes wait in the outbound pipe until the connect completes.
        connection.Send(message);
        connection.Start(token => socket.ConnectAsync(destination.ToIPEndPoint(), token));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _idleSweep.Dispose();
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        foreach (SipTcpConnection connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    internal void Remove(SipTcpConnection connection) => _connections.TryRemove(new KeyValuePair<SipEndPoint, SipTcpConnection>(connection.Remote, connection));

    internal void CloseIdleConnections()
    {
        foreach (SipTcpConnection connection in _connections.Values)
        {
            if (connection.IdleTime >= _shared.Options.TcpIdleTimeout)
            {
                connection.Close("idle");
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        CancellationToken stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                SipTransportLog.SocketError(_shared.Logger, Kind, exception.SocketErrorCode, LocalEndPoint);
                continue;
            }

            var remote = SipEndPoint.FromIPEndPoint((IPEndPoint)socket.RemoteEndPoint!);
            if (_connections.Count >= _shared.Options.MaxTcpConnections)
            {
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            var connection = new SipTcpConnection(socket, remote, this, _shared);

            // A newer connection from the same address:port replaces the old entry for sending.
            _connections[remote] = connection;
            connection.Start(connect: null);
        }
    }
}
