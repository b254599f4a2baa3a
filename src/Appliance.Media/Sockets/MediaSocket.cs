using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Media.Sockets;

/// <summary>
/// A bound UDP socket of one call with an allocation-free receive loop and send path.
/// </summary>
/// <remarks>
/// Design: one socket per RTP/RTCP port (a call needs its own port anyway) and one long-lived async receive loop per socket,
/// awaiting <see cref="Socket.ReceiveFromAsync(Memory{byte}, SocketFlags, SocketAddress, CancellationToken)"/> into a buffer
/// rented once and a <see cref="SocketAddress"/> reused for every datagram. That overload completes through the socket's
/// cached awaitable SocketAsyncEventArgs (an IValueTaskSource, as Kestrel does by hand), and the loop's async state machine
/// is boxed once on its first suspension, so a packet costs no Task, closure or IPEndPoint. "Many calls share few receive
/// loops" already holds underneath: the runtime's socket engine multiplexes every socket onto a few epoll threads and
/// dispatches completions to the thread pool, so there is no thread per call; a hand-written worker set would duplicate
/// that engine (Socket.Select allocates its lists and scales linearly). No CancellationToken is passed (registering one per
/// receive would allocate): the loop ends when the socket is closed, the way Kestrel stops its transports.
/// UDP cannot wait for data before renting (a zero-byte receive would truncate the datagram), so each socket keeps one
/// 2 KiB buffer for its lifetime: 4 MiB for 1000 calls with separate RTCP sockets.
/// </remarks>
public sealed class MediaSocket : IDisposable
{
    /// <summary>Larger than any RTP packet on an Ethernet path; longer datagrams are truncated and rejected by the parsers.</summary>
    private const int BufferSize = 2048;

    private readonly Socket _socket;
    private readonly MediaChannel _channel;
    private readonly IDatagramHandler _handler;
    private readonly SocketAddress _source;
    private byte[]? _buffer;
    private int _started;
    private int _disposed;
    private long _sendErrors;
    private long _handlerFaults;

    /// <param name="socket">A bound UDP socket; this instance takes ownership of it.</param>
    public MediaSocket(Socket socket, MediaChannel channel, IDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(handler);
        _socket = socket;
        _channel = channel;
        _handler = handler;
        _source = new SocketAddress(socket.AddressFamily);
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>The address family every destination passed to <see cref="SendTo"/> must be serialized for.</summary>
    public AddressFamily AddressFamily => _socket.AddressFamily;

    /// <summary>True for a dual-mode IPv6 socket, which sends to IPv4 peers through IPv4-mapped addresses.</summary>
    public bool DualMode => _socket.AddressFamily == AddressFamily.InterNetworkV6 && _socket.DualMode;

    /// <summary>Sends that failed (e.g. host unreachable); counted rather than thrown so a bad route never breaks the pacer.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Exceptions thrown by the handler (which must not throw); counted so one bad datagram never stops the loop.</summary>
    public long HandlerFaults => Interlocked.Read(ref _handlerFaults);

    /// <summary>Starts the background receive loop (once). Use either this or <see cref="Poll"/>, not both.</summary>
    public void StartReceiving()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = ReceiveLoopAsync();
        }
    }

    /// <summary>
    /// Delivers every datagram already queued on the socket to the handler on the calling thread and returns how many.
    /// For deterministic tests and benchmarks that drive a session without the background loop.
    /// </summary>
    public int Poll()
    {
        byte[]? buffer = _buffer;
        int count = 0;
        while (buffer is not null && Volatile.Read(ref _disposed) == 0 && _socket.Available > 0)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, _source);
            }
            catch (SocketException)
            {
                // An ICMP error reported on the socket (Windows: ConnectionReset); the next datagram is still good.
                continue;
            }

            Deliver(buffer.AsSpan(0, length));
            count++;
        }

        return count;
    }

    /// <summary>Sends one datagram; returns false (and counts it) if the OS rejected it.</summary>
    public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, destination);
            return true;
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes the socket, which ends the receive loop; the buffer returns to the pool when the loop observes it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _socket.Dispose();
        if (Volatile.Read(ref _started) == 0)
        {
            ReturnBuffer();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = _buffer!;
        try
        {
            while (Volatile.Read(ref _disposed) == 0)
            {
                int length;
                try
                {
                    length = await _socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, _source, CancellationToken.None)
                        .ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    continue;
                }

                Deliver(buffer.AsSpan(0, length));
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed by Dispose: normal end of the loop.
        }
        catch (SocketException)
        {
            // OperationAborted/Interrupted after close, or a fatal socket error: either way this socket is done.
        }
        finally
        {
            ReturnBuffer();
        }
    }

    private void Deliver(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _handler.OnDatagram(_channel, datagram, _source);
        }
#pragma warning disable CA1031 // A handler fault (e.g. a throwing observer) must not end this call's receive loop; it is counted instead.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _handlerFaults);
        }
    }

    private void ReturnBuffer()
    {
        byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
