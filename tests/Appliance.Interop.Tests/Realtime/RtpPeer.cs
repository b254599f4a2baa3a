using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>
/// The caller's media, owned by the test: a loopback UDP socket whose port SIPp puts in its SDP. A sender thread
/// streams one PCMU packet every 20 ms (queued speech, else µ-law silence) as a phone does, and a receiver thread
/// records every packet the appliance sends, each with the <see cref="Stopwatch"/> timestamp of its send or arrival.
/// </summary>
/// <remarks>
/// The appliance's RTP address is learned from its first packet (it sends from the moment the call is answered), and
/// the stream goes back to that address, as symmetric RTP. Dedicated threads keep the 20 ms cadence and the arrival
/// times free of thread-pool queuing on a busy 2-core machine.
/// </remarks>
internal sealed class RtpPeer : IDisposable
{
    public const int FrameBytes = 160;
    private const int HeaderBytes = 12;
    private const byte Silence = 0xFF;

    private static readonly long FrameTicks = Stopwatch.Frequency / 50;

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly ConcurrentQueue<(byte[] Payload, TaskCompletionSource<long> Sent)> _queue = new();
    private readonly List<ReceivedRtp> _received = [];
    private readonly TaskCompletionSource<IPEndPoint> _remote = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _sender;
    private readonly Thread _receiver;
    private volatile bool _stopped;

    public RtpPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 100;
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _receiver = new Thread(Receive) { IsBackground = true, Name = "rtp-peer-receive" };
        _sender = new Thread(Send) { IsBackground = true, Name = "rtp-peer-send" };
        _receiver.Start();
        _sender.Start();
    }

    /// <summary>The local RTP port to offer in the SDP.</summary>
    public int Port { get; }

    /// <summary>The appliance's RTP address, once its first packet arrived.</summary>
    public Task<IPEndPoint> Remote => _remote.Task;

    /// <summary>Every packet received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRtp> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>
    /// Queues µ-law audio as 20 ms packets (the last padded with silence) after whatever is queued; returns the
    /// <see cref="Stopwatch"/> send time of each packet once all are sent.
    /// </summary>
    public Task<long[]> SayAsync(byte[] ulaw)
    {
        var sent = new List<Task<long>>();
        for (int offset = 0; offset < ulaw.Length; offset += FrameBytes)
        {
            var payload = new byte[FrameBytes];
            Array.Fill(payload, Silence);
            ulaw.AsSpan(offset, Math.Min(FrameBytes, ulaw.Length - offset)).CopyTo(payload);
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _queue.Enqueue((payload, done));
            sent.Add(done.Task);
        }

        return Task.WhenAll(sent);
    }

    /// <summary>The payloads received from <paramref name="fromIndex"/> on, concatenated (PCMU packets only).</summary>
    public byte[] ReceivedAudio(int fromIndex = 0)
    {
        IReadOnlyList<ReceivedRtp> packets = Received;
        var audio = new MemoryStream();
        for (int i = fromIndex; i < packets.Count; i++)
        {
            if (packets[i].PayloadType == 0)
            {
                audio.Write(packets[i].Payload);
            }
        }

        return audio.ToArray();
    }

    public void Dispose()
    {
        _stopped = true;
        _sender.Join();
        _receiver.Join();
        _socket.Dispose();
        foreach ((_, TaskCompletionSource<long> sent) in _queue)
        {
            sent.TrySetCanceled();
        }
    }

    private void Send()
    {
        while (!_remote.Task.IsCompleted)
        {
            if (_stopped)
            {
                return;
            }

            Thread.Sleep(5);
        }

        IPEndPoint remote = _remote.Task.Result;
        var packet = new byte[HeaderBytes + FrameBytes];
        uint ssrc = (uint)Random.Shared.Next();
        ushort sequence = (ushort)Random.Shared.Next();
        uint timestamp = (uint)Random.Shared.Next();
        long due = Stopwatch.GetTimestamp();
        while (!_stopped)
        {
            long wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                continue;
            }

            bool speech = _queue.TryDequeue(out (byte[] Payload, TaskCompletionSource<long> Sent) next);
            packet[0] = 0x80;
            packet[1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
            if (speech)
            {
                next.Payload.CopyTo(packet, HeaderBytes);
            }
            else
            {
                packet.AsSpan(HeaderBytes).Fill(Silence);
            }

            long sentAt = Stopwatch.GetTimestamp();
            try
            {
                _socket.SendTo(packet, remote);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            next.Sent?.TrySetResult(sentAt);
            timestamp += FrameBytes;

            // A late wake-up sends at once but keeps the 20 ms grid, as a phone's sound card clock does.
            due += FrameTicks;
        }
    }

    private void Receive()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopped)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.ConnectionReset)
            {
                continue;
            }

            long arrivedAt = Stopwatch.GetTimestamp();
            if (length < HeaderBytes || buffer[0] >> 6 != 2)
            {
                continue;
            }

            // Skip CSRCs and a header extension (RFC 3550 §5.1, §5.3.1) to reach the payload.
            int offset = HeaderBytes + ((buffer[0] & 0x0F) * 4);
            if ((buffer[0] & 0x10) != 0 && offset + 4 <= length)
            {
                offset += 4 + (BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(offset + 2)) * 4);
            }

            if (offset > length)
            {
                continue;
            }

            var packet = new ReceivedRtp(
                arrivedAt,
                BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)),
                (byte)(buffer[1] & 0x7F),
                buffer.AsSpan(offset, length - offset).ToArray());
            lock (_received)
            {
                _received.Add(packet);
            }

            if (!_remote.Task.IsCompleted)
            {
                var source = (IPEndPoint)from;
                _remote.TrySetResult(new IPEndPoint(source.Address, source.Port));
            }
        }
    }
}
