using System.Net;
using System.Net.Sockets;
using Appliance.Media.Codecs;
using Appliance.Media.Pacing;
using Appliance.Media.Rtp;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Media;

/// <summary>
/// Per-call media paths over loopback, one 20 ms frame per operation on a hand-advanced clock:
/// receive → latch → jitter → decode → resample → sink; source → resample → encode → send (a real sendto);
/// and a full pair exchanging a frame each way through an echo.
/// </summary>
[MemoryDiagnoser]
public class MediaSessionBenchmarks
{
    private static readonly RtpPortAllocator Ports = new(IPAddress.Loopback, 43000, 43999);

    private readonly ManualTimeProvider _time = new();
    private readonly byte[] _packet = new byte[RtpPacket.FixedHeaderSize + 160];
    private readonly List<IDisposable> _owned = [];
    private MediaSession _receiver = null!;
    private MediaSession _sender = null!;
    private MediaSession _a = null!;
    private MediaSession _b = null!;
    private SocketAddress _source = null!;
    private IDatagramHandler _receiverHandler = null!;
    private ushort _sequence;
    private uint _timestamp;

    [Params("PCMU", "G722")]
    public string Codec { get; set; } = "PCMU";

    [GlobalSetup]
    public void Setup()
    {
        var factory = new MediaSessionFactory(CodecRegistry.CreateDefault(), new MediaSessionOptions(), _time, pacer: null);
        SdpCodec codec = Codec == "G722" ? SdpCodec.G722 : SdpCodec.Pcmu;
        var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _owned.Add(sink);
        var sinkEndPoint = (IPEndPoint)sink.LocalEndPoint!;

        _receiver = Start(factory, Media(sinkEndPoint, codec, MediaDirection.RecvOnly));
        _receiver.Connect(new NullSink(), null);
        _receiverHandler = _receiver;
        _source = sinkEndPoint.Serialize();

        // Sends into a socket nobody reads: the kernel drops what does not fit, the sendto cost is real.
        _sender = Start(factory, Media(sinkEndPoint, codec, MediaDirection.SendRecv));
        _sender.Connect(null, new SineSource());

        RtpPortPair portsA = Allocate();
        RtpPortPair portsB = Allocate();
        _a = factory.Create(Media(new IPEndPoint(IPAddress.Loopback, portsB.RtpPort), codec, MediaDirection.SendRecv), portsA);
        _b = factory.Create(Media(new IPEndPoint(IPAddress.Loopback, portsA.RtpPort), codec, MediaDirection.SendRecv), portsB);
        var echo = new EchoLoopback();
        _owned.Add(echo);
        _a.Connect(new NullSink(), new SineSource());
        _b.Connect(echo, echo);
        foreach (MediaSession session in (MediaSession[])[_a, _b])
        {
            session.Start(receiveLoops: false);
            _owned.Add(session);
        }

        var payload = new byte[160];
        Array.Fill(payload, (byte)0x55);
        payload.CopyTo(_packet.AsSpan(RtpPacket.FixedHeaderSize));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }

    /// <summary>One received packet: parse, latch, RTCP statistics, jitter push; then one tick's pop, decode, resample to 16 kHz, sink.</summary>
    [Benchmark]
    public void ReceiveToSink()
    {
        new RtpHeader((byte)(Codec == "G722" ? 9 : 0), _sequence++, _timestamp += 160, 0x1234, false)
            .TryWrite(_packet.AsSpan(RtpPacket.FixedHeaderSize), _packet, out _);
        _receiverHandler.OnDatagram(MediaChannel.Rtp, _packet, _source);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        _receiver.OnTick(default);
    }

    /// <summary>One tick's source read, 16 kHz → codec resample, encode, RTP header and sendto.</summary>
    [Benchmark]
    public void SourceToSend()
    {
        _time.Advance(TimeSpan.FromMilliseconds(20));
        _sender.OnTick(default);
    }

    /// <summary>Two sessions, one frame each way (2 × send, 2 × receive, decode, encode, echo), as in a call to the echo agent.</summary>
    [Benchmark]
    public void PairExchange()
    {
        _time.Advance(TimeSpan.FromMilliseconds(20));
        _a.OnTick(default);
        _b.OnTick(default);
        _a.PollReceive();
        _b.PollReceive();
    }

    private static NegotiatedMedia Media(IPEndPoint remote, SdpCodec codec, MediaDirection direction) => new()
    {
        RemoteRtp = remote,
        RemoteRtcp = new IPEndPoint(remote.Address, remote.Port + 1),
        Codec = codec,
        SendPayloadType = codec.StaticPayloadType,
        ReceivePayloadType = codec.StaticPayloadType,
        SendTelephoneEventPayloadType = 101,
        ReceiveTelephoneEventPayloadType = 101,
        Ptime = 20,
        Direction = direction,
        RtcpMux = false,
    };

    private static RtpPortPair Allocate() => Ports.Allocate().Ports ?? throw new InvalidOperationException("Benchmark port range exhausted.");

    private MediaSession Start(MediaSessionFactory factory, NegotiatedMedia media)
    {
        MediaSession session = factory.Create(media, Allocate());
        session.Start(receiveLoops: false);
        _owned.Add(session);
        return session;
    }

    private sealed class NullSink : IMediaAudioSink
    {
        public void OnInboundAudio(ReadOnlySpan<short> pcm)
        {
        }
    }

    private sealed class SineSource : IMediaAudioSource
    {
        private int _phase;

        public int ReadOutbound(Span<short> pcm)
        {
            for (int i = 0; i < pcm.Length; i++)
            {
                pcm[i] = (short)(6000 * Math.Sin(_phase++ * 0.1727));
            }

            return pcm.Length;
        }
    }
}
