using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Sip.Transport;

/// <summary>
/// A UDP listener: one datagram is one message (RFC 3261 §18.3). The receive loop uses the SocketAddress overloads and a
/// single pooled buffer, so a packet costs no allocation; sends are synchronous SendTo calls, which do not block for UDP.
/// </summary>
internal sealed class SipUdpTransport : ISipTransport, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SipTransportShared _shared;
    private readonly SocketAddress _sendAddress;
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;

    public SipUdpTransport(IPEndPoint endPoint, SipTransportShared shared)
    {
        _shared = shared;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;
        }

        _socket.Bind(endPoint);
        LocalEndPoint = SipEndPoint.FromIPEndPoint((IPEndPoint)_socket.LocalEndPoint!);
        _sendAddress = new IPEndPoint(endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Serialize();
    }

    public SipTransportKind Kind => SipTransportKind.Udp;

    public bool IsReliable => false;

    public SipEndPoint LocalEndPoint { get; }

    public void Start() => _receiveLoop = Task.Run(ReceiveLoopAsync);

    public bool Send(SipEndPoint destination, ReadOnlySpan<byte> message)
    {
        if (destination.Family != LocalEndPoint.Family)
        {
            return false;
        }

        try
        {
            // One reusable SocketAddress per socket; the lock makes concurrent senders (transactions, timers) safe.
            lock (_sendLock)
            {
                destination.CopyTo(_sendAddress);
                return _socket.SendTo(message, SocketFlags.None, _sendAddress) == message.Length;
            }
        }
        catch (SocketException exception)
        {
            SipTransportLog.SendFailed(_shared.Logger, exception, Kind, destination);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var processor = new SipReceiveProcessor(_shared);
        var source = new SocketAddress(LocalEndPoint.Family);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(_shared.Limits.MaxMessageSize + 1);
        CancellationToken stop = _stop.Token;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, source, stop).ConfigureAwait(false);
                }
                catch (SocketException exception)
                {
                    // e.g. ICMP port unreachable surfacing as ConnectionReset: the socket is still usable.
                    SipTransportLog.SocketError(_shared.Logger, Kind, exception.SocketErrorCode, LocalEndPoint);
                    continue;
                }

                SipEndPoint remote = SipEndPoint.FromSocketAddress(source);
                try
                {
                    processor.Process(buffer.AsMemory(0, received), this, remote, connectionId: 0);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    SipTransportLog.ReceiveFailed(_shared.Logger, exception, Kind, remote);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
