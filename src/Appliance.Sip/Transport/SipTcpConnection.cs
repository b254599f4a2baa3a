using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Appliance.Sip.Message;

namespace Appliance.Sip.Transport;

/// <summary>
/// One TCP connection: a PipeReader over the socket framed by <see cref="SipStreamFramer"/>, and an outbound Pipe drained
/// by a send loop so <see cref="Send"/> never blocks. Tracks its last activity for idle cleanup.
/// </summary>
internal sealed class SipTcpConnection : IAsyncDisposable
{
    private static long s_nextId;

    private readonly Socket _socket;
    private readonly SipTcpTransport _transport;
    private readonly SipTransportShared _shared;
    private readonly Pipe _outbound = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Lock _writeLock = new();
    private readonly CancellationTokenSource _closed = new();
    private long _lastActivity;
    private int _disposed;
    private Task _loops = Task.CompletedTask;
    private bool _outboundCompleted;

    public SipTcpConnection(Socket socket, SipEndPoint remote, SipTcpTransport transport, SipTransportShared shared)
    {
        _socket = socket;
        _transport = transport;
        _shared = shared;
        Remote = remote;
        Id = Interlocked.Increment(ref s_nextId);
        Touch();
    }

    public long Id { get; }

    public SipEndPoint Remote { get; }

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>Time since the last byte was received or queued for sending.</summary>
    public TimeSpan IdleTime => _shared.Time.GetElapsedTime(Volatile.Read(ref _lastActivity));

    /// <summary>Starts the loops; for an outbound connection, <paramref name="connect"/> runs first while sends queue up.</summary>
    public void Start(Func<CancellationToken, ValueTask>? connect) => _loops = RunAsync(connect);

    /// <summary>Copies the bytes into the outbound pipe; false once the connection is closed.</summary>
    public bool Send(ReadOnlySpan<byte> message)
    {
        lock (_writeLock)
        {
            if (IsClosed || _outboundCompleted)
            {
                return false;
            }

            _outbound.Writer.Write(message);

            // With back-pressure disabled the flush completes synchronously; it only signals the send loop.
            ValueTask<FlushResult> flush = _outbound.Writer.FlushAsync(CancellationToken.None);
            if (flush.IsCompleted)
            {
                flush.GetAwaiter().GetResult();
            }
            else
            {
                _ = flush.AsTask();
            }
        }

        Touch();
        return true;
    }

    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        SipTransportLog.ConnectionClosed(_shared.Logger, Id, Remote, reason);
        _closed.Cancel();
        CompleteOutbound();

        try
        {
            // FIN rather than an abortive close, so the peer sees an orderly end of stream.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
        _transport.Remove(this);
    }

    public async ValueTask DisposeAsync()
    {
        Close("shutdown");
        await _loops.ConfigureAwait(false);
        _closed.Dispose();
    }

    /// <summary>How long queued responses may take to leave once the peer has stopped sending.</summary>
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(2);

    /// <summary>No more sends: the send loop drains what is queued and ends.</summary>
    private void CompleteOutbound()
    {
        lock (_writeLock)
        {
            if (!_outboundCompleted)
            {
                _outboundCompleted = true;
                _outbound.Writer.Complete();
            }
        }
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _shared.Time.GetTimestamp());

    private async Task RunAsync(Func<CancellationToken, ValueTask>? connect)
    {
        string reason = "peer closed";
        try
        {
            if (connect is not null)
            {
                await connect(_closed.Token).ConfigureAwait(false);
            }

            Task sending = SendLoopAsync();
            reason = await ReceiveLoopAsync().ConfigureAwait(false);

            // The peer is done sending (or sent what cannot be framed): responses to what it did send
            // are already queued, so let them go out (bounded) before the socket closes (§18.2.2).
            CompleteOutbound();
            await sending.WaitAsync(LingerTimeout, _shared.Time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Close(reason);
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            reason = exception.GetType().Name;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            SipTransportLog.ReceiveFailed(_shared.Logger, exception, SipTransportKind.Tcp, Remote);
            reason = "error";
        }

        Close(reason);
    }

    private async Task<string> ReceiveLoopAsync()
    {
        var processor = new SipReceiveProcessor(_shared);
        await using var stream = new NetworkStream(_socket, ownsSocket: false);
        PipeReader input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        byte[]? contiguous = null;
        try
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync(_closed.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                Touch();
                while (SipStreamFramer.TryReadMessage(ref buffer, _shared.Limits, out SipFrame frame))
                {
                    if (frame.Kind == SipFrameKind.KeepAlivePing)
                    {
                        Send("\r\n"u8); // RFC 5626 §4.4.1 pong.
                        continue;
                    }

                    if (frame.Kind == SipFrameKind.Invalid)
                    {
                        _shared.Metrics.ParseError(frame.Error, SipTransportKind.Tcp);
                        SipTransportLog.Unframeable(_shared.Logger, Remote, frame.Error);
                        return "unframeable stream";
                    }

                    ReadOnlyMemory<byte> message;
                    if (frame.Message.IsSingleSegment)
                    {
                        message = frame.Message.First;
                    }
                    else
                    {
                        contiguous ??= ArrayPool<byte>.Shared.Rent(_shared.Limits.MaxMessageSize);
                        frame.Message.CopyTo(contiguous);
                        message = contiguous.AsMemory(0, (int)frame.Message.Length);
                    }

                    processor.Process(message, _transport, Remote, Id);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return "peer closed";
                }
            }
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            if (contiguous is not null)
            {
                ArrayPool<byte>.Shared.Return(contiguous);
            }
        }
    }

    private async Task SendLoopAsync()
    {
        PipeReader output = _outbound.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await output.ReadAsync().ConfigureAwait(false);
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    await _socket.SendAsync(segment, SocketFlags.None, _closed.Token).ConfigureAwait(false);
                }

                output.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Close("send failed");
        }
        finally
        {
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }
}
