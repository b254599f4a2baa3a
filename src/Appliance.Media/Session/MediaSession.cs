using System.Net;
using System.Net.Sockets;
using Appliance.Media.Codecs;
using Appliance.Media.Jitter;
using Appliance.Media.Pacing;
using Appliance.Media.Rtp;
using Appliance.Media.Sdp;
using Appliance.Media.Sockets;

namespace Appliance.Media.Session;

/// <summary>
/// The RTP media of one call: receives, latches, de-jitters, decodes and hands the caller's audio to an
/// <see cref="IMediaAudioSink"/>; every pacer tick it takes a frame from an <see cref="IMediaAudioSource"/>, encodes and
/// sends it; it sends and receives RFC 4733 DTMF and RTCP. Create it with <see cref="MediaSessionFactory"/>.
/// </summary>
/// <remarks>
/// Threading: datagrams arrive on socket completion threads and ticks on the pacer thread; one lock serialises them
/// (short, uncontended in the common case, and allocation-free). Observer callbacks run after the lock is released.
/// The session owns its <see cref="RtpPortPair"/> and releases it on <see cref="Dispose"/>.
/// </remarks>
public sealed partial class MediaSession : IDatagramHandler, IPacedStream, IDisposable
{
    private const int FrameMilliseconds = 20;

    private readonly Lock _lock = new();
    private readonly RtpPortPair _ports;
    private readonly CodecRegistry _codecs;
    private readonly MediaSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly MediaPacer? _pacer;
    private readonly MediaMetrics? _metrics;
    private readonly IMediaSessionObserver? _observer;
    private readonly long _epoch;
    private readonly MediaSocket _rtpSocket;
    private readonly MediaSocket? _rtcpSocket;
    private readonly RtpLatch _rtpLatch;
    private readonly RtpLatch _rtcpLatch;
    private readonly SocketAddress _remoteRtp;
    private readonly SocketAddress _remoteRtcp;

    private NegotiatedMedia _media;
    private InboundAudioPath _inbound;
    private OutboundAudioPath _outbound;
    private IMediaAudioSink? _sink;
    private IMediaAudioSource? _source;
    private bool _remoteRtpKnown;
    private bool _remoteRtcpKnown;
    private PacerRegistration? _registration;
    private bool _running;
    private bool _disposed;
    private bool _timedOut;
    private TimeSpan _lastActivity;

    internal MediaSession(
        NegotiatedMedia media,
        RtpPortPair ports,
        CodecRegistry codecs,
        MediaSessionOptions options,
        TimeProvider time,
        MediaPacer? pacer,
        MediaMetrics? metrics,
        IMediaSessionObserver? observer)
    {
        _ports = ports;
        _codecs = codecs;
        _options = options;
        _time = time;
        _pacer = pacer;
        _metrics = metrics;
        _observer = observer;
        _epoch = time.GetTimestamp();
        _media = media;

        CodecDescriptor codec = ResolveCodec(media);
        _inbound = CreateInbound(codec);
        _outbound = new OutboundAudioPath(codec, options.PipelineSampleRate);

        _rtpSocket = new MediaSocket(ports.Rtp, MediaChannel.Rtp, this);
        _rtcpSocket = ports.Rtcp is { } rtcp ? new MediaSocket(rtcp, MediaChannel.Rtcp, this) : null;
        AddressFamily family = ports.Rtp.AddressFamily;
        _rtpLatch = new RtpLatch(family, options.RelatchAfter, options.RelatchPackets);
        // RTCP arrives only every few seconds, so "silent for a while" would always hold: its latch never moves by
        // itself and follows the RTP latch instead (reset on re-INVITE and whenever RTP re-latches).
        _rtcpLatch = new RtpLatch(family, TimeSpan.MaxValue, 1);
        int addressSize = SocketAddress.GetMaximumAddressSize(family);
        _remoteRtp = new SocketAddress(family, addressSize);
        _remoteRtcp = new SocketAddress(family, addressSize);
        SetRemote(media);

        _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        _sequence = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
        _clock = new RtpTimestampClock((uint)Random.Shared.NextInt64(uint.MaxValue + 1L), _outbound.TimestampUnitsPerFrame);
        _sendBuffer = new byte[SendBufferSize];
        _cname = CreateCanonicalName(options.CanonicalName);
        _reception = CreateReception(codec.ClockRate);
    }

    /// <summary>Local RTP port (the SDP m= port).</summary>
    public int LocalRtpPort => _ports.RtpPort;

    /// <summary>Our synchronisation source.</summary>
    public uint Ssrc => _ssrc;

    /// <summary>The negotiated media currently in effect.</summary>
    public NegotiatedMedia Media
    {
        get
        {
            lock (_lock)
            {
                return _media;
            }
        }
    }

    /// <summary>Where the call's inbound audio goes and outbound audio comes from; either may be null (silence). Safe at any time.</summary>
    public void Connect(IMediaAudioSink? sink, IMediaAudioSource? source)
    {
        lock (_lock)
        {
            _sink = sink;
            _source = source;
        }
    }

    /// <summary>Starts receiving and, if the factory has a pacer, ticking. Idempotent.</summary>
    public void Start() => Start(receiveLoops: true);

    /// <summary>
    /// Applies a new offer/answer outcome (re-INVITE/UPDATE): remote address, codec, payload types, direction (hold is
    /// simply a direction that forbids sending), rtcp-mux. Forgets the latched sources so the peer is learnt again.
    /// </summary>
    public void UpdateRemote(NegotiatedMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (!string.Equals(media.Codec.Name, _media.Codec.Name, StringComparison.OrdinalIgnoreCase)
                || media.Codec.ClockRate != _media.Codec.ClockRate)
            {
                ReplaceCodec(ResolveCodec(media));
            }

            _media = media;
            SetRemote(media);
            _rtpLatch.Reset();
            _rtcpLatch.Reset();
            _framesInPacket = 0;
            _payloadLength = 0;
            _lastActivity = Now;
        }
    }

    /// <summary>Sends RTCP BYE and stops ticking and counting; the sockets stay bound until <see cref="Dispose"/>. Idempotent.</summary>
    public void Stop()
    {
        PacerRegistration? registration;
        lock (_lock)
        {
            if (!_running)
            {
                return;
            }

            _running = false;
            SendRtcpReport(Now, bye: true);
            registration = _registration;
            _registration = null;
        }

        registration?.Dispose();
        _metrics?.Unregister(this);
    }

    /// <summary>Stops, closes the sockets (returning the ports to the allocator) and releases pooled buffers.</summary>
    public void Dispose()
    {
        Stop();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _rtpSocket.Dispose();
            _rtcpSocket?.Dispose();
            _ports.Dispose();
            _inbound.Dispose();
            _outbound.Dispose();
        }
    }

    /// <summary>Current counters.</summary>
    public MediaSessionStatistics GetStatistics()
    {
        lock (_lock)
        {
            JitterBufferStatistics jitter = _inbound.Statistics;
            return new MediaSessionStatistics
            {
                PacketsReceived = _packetsReceived,
                BytesReceived = _bytesReceived,
                PacketsSent = _packetsSent,
                BytesSent = _bytesSent,
                PacketsLost = _lostBefore + Math.Max(0L, _reception.CumulativeLost),
                Late = _lateBefore + jitter.Late,
                Concealed = _concealedBefore + jitter.Concealed,
                Malformed = _malformed,
                DroppedForeign = _droppedForeign,
                SsrcChanges = _ssrcChanges,
                DtmfDigitsReceived = _dtmfReceived,
                Jitter = jitter.Jitter,
                RoundTripTime = _roundTripTime,
            };
        }
    }

    /// <summary>Starts the session; tests pass false and deliver datagrams with <see cref="PollReceive"/> on their own thread.</summary>
    internal void Start(bool receiveLoops)
    {
        lock (_lock)
        {
            if (_running || _disposed)
            {
                return;
            }

            _running = true;
            _lastActivity = Now;
            ScheduleFirstRtcp(_lastActivity);
        }

        if (receiveLoops)
        {
            _rtpSocket.StartReceiving();
            _rtcpSocket?.StartReceiving();
        }

        _metrics?.Register(this);
        PacerRegistration? registration = _pacer?.Register(this);
        lock (_lock)
        {
            _registration = registration;
        }
    }

    /// <summary>Delivers the datagrams queued on the session's sockets on the calling thread; returns how many.</summary>
    internal int PollReceive() => _rtpSocket.Poll() + (_rtcpSocket?.Poll() ?? 0);

    /// <summary>The session's time line (the jitter buffer's arrival and playout clock).</summary>
    private TimeSpan Now => _time.GetElapsedTime(_epoch);

    private CodecDescriptor ResolveCodec(NegotiatedMedia media)
    {
        if (!_codecs.TryGet(media.Codec.Name, media.Codec.ClockRate, out CodecDescriptor? codec) || codec.Factory is null)
        {
            throw new ArgumentException($"Negotiated codec {media.Codec.Name}/{media.Codec.ClockRate} is not in the codec registry.", nameof(media));
        }

        return codec;
    }

    private InboundAudioPath CreateInbound(CodecDescriptor codec) =>
        new(codec, _options.PipelineSampleRate, new JitterBufferOptions
        {
            ClockRate = codec.ClockRate,
            FrameDuration = TimeSpan.FromMilliseconds(FrameMilliseconds),
            MinDelay = _options.JitterMinDelay,
            MaxDelay = _options.JitterMaxDelay,
            InitialDelay = _options.JitterInitialDelay,
        });

    /// <summary>Swaps both audio paths for a new codec, carrying the finished path's counters over.</summary>
    private void ReplaceCodec(CodecDescriptor codec)
    {
        JitterBufferStatistics finished = _inbound.Statistics;
        _lateBefore += finished.Late;
        _concealedBefore += finished.Concealed;
        _inbound.Dispose();
        _outbound.Dispose();
        _inbound = CreateInbound(codec);
        _outbound = new OutboundAudioPath(codec, _options.PipelineSampleRate);
        _clock = new RtpTimestampClock(_clock.Next(hasAudio: false).Timestamp, _outbound.TimestampUnitsPerFrame);
        _reception = CreateReception(codec.ClockRate);
    }

    private void SetRemote(NegotiatedMedia media)
    {
        _remoteRtpKnown = TrySerialize(media.RemoteRtp, _remoteRtp);
        _remoteRtcpKnown = TrySerialize(media.RtcpMux ? media.RemoteRtp : media.RemoteRtcp, _remoteRtcp);
    }

    /// <summary>
    /// Writes <paramref name="endPoint"/> in the socket's address family (IPv4 mapped into IPv6 for a dual-mode socket).
    /// False for an address we cannot or must not send to: a 0.0.0.0 hold (RFC 3264 §8.4 legacy), port 0, wrong family.
    /// </summary>
    private bool TrySerialize(IPEndPoint endPoint, SocketAddress destination)
    {
        IPAddress address = endPoint.Address;
        if (endPoint.Port == 0 || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (destination.Family == AddressFamily.InterNetworkV6 && address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6();
        }
        else if (destination.Family == AddressFamily.InterNetwork && address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != destination.Family)
        {
            return false;
        }

        SocketAddress serialized = new IPEndPoint(address, endPoint.Port).Serialize();
        destination.Size = serialized.Size;
        serialized.Buffer.Span[..serialized.Size].CopyTo(destination.Buffer.Span);
        return true;
    }
}
