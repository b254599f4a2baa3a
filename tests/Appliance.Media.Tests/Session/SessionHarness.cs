using System.Net;
using Appliance.Media.Codecs;
using Appliance.Media.Pacing;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Media.Tests.Session;

/// <summary>
/// Builds media sessions on loopback with a virtual clock and no pacer: each <see cref="Tick"/> advances time 20 ms,
/// ticks every session, then delivers the datagrams queued on their sockets on the test thread (loopback sends are
/// queued at the receiver before SendTo returns), so runs are fast, deterministic and single-threaded.
/// </summary>
internal sealed class SessionHarness : IDisposable
{
    // One range for the whole test assembly: the allocator is thread-safe, so parallel test classes never collide.
    private static readonly RtpPortAllocator Ports = new(IPAddress.Loopback, 42000, 42999);

    private readonly List<MediaSession> _sessions = [];
    private readonly MediaSessionFactory _factory;
    private int _ticks;

    public SessionHarness(MediaSessionOptions? options = null, MediaMetrics? metrics = null)
    {
        _factory = new MediaSessionFactory(CodecRegistry.CreateDefault(), options ?? new MediaSessionOptions(), Time, pacer: null, metrics);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public static RtpPortPair Allocate(bool rtcpMux = false) =>
        Ports.Allocate(rtcpMux).Ports ?? throw new InvalidOperationException("Test port range exhausted.");

    public static NegotiatedMedia Media(
        IPEndPoint remote,
        SdpCodec? codec = null,
        int payloadType = 0,
        int? telephoneEvent = 101,
        MediaDirection direction = MediaDirection.SendRecv,
        bool rtcpMux = false,
        int ptime = 20) => new()
        {
            RemoteRtp = remote,
            RemoteRtcp = rtcpMux ? remote : new IPEndPoint(remote.Address, remote.Port + 1),
            Codec = codec ?? SdpCodec.Pcmu,
            SendPayloadType = payloadType,
            ReceivePayloadType = payloadType,
            SendTelephoneEventPayloadType = telephoneEvent,
            ReceiveTelephoneEventPayloadType = telephoneEvent,
            Ptime = ptime,
            Direction = direction,
            RtcpMux = rtcpMux,
        };

    public static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);

    /// <summary>A started session on fresh ports sending to <paramref name="remote"/> (a placeholder until <see cref="Pair"/> fixes it).</summary>
    public MediaSession Create(NegotiatedMedia media, RtpPortPair ports, IMediaSessionObserver? observer = null, bool useReceiveLoops = false)
    {
        MediaSession session = _factory.Create(media, ports, observer);
        _sessions.Add(session);
        session.Start(receiveLoops: useReceiveLoops);
        return session;
    }

    /// <summary>Two started sessions on loopback, each with the other's ports as its SDP remote.</summary>
    public (MediaSession A, MediaSession B) Pair(
        IMediaSessionObserver? observerA = null,
        IMediaSessionObserver? observerB = null,
        bool rtcpMux = false,
        SdpCodec? codec = null,
        int payloadType = 0,
        bool useReceiveLoops = false)
    {
        RtpPortPair portsA = Allocate(rtcpMux);
        RtpPortPair portsB = Allocate(rtcpMux);
        MediaSession a = Create(Media(Loopback(portsB.RtpPort), codec, payloadType, rtcpMux: rtcpMux), portsA, observerA, useReceiveLoops);
        MediaSession b = Create(Media(Loopback(portsA.RtpPort), codec, payloadType, rtcpMux: rtcpMux), portsB, observerB, useReceiveLoops);
        return (a, b);
    }

    /// <summary>Advances 20 ms, ticks every session, then delivers whatever they sent each other.</summary>
    public void Tick(int count = 1)
    {
        for (int i = 0; i < count; i++)
        {
            TickWithoutPolling();
            Poll();
        }
    }

    /// <summary>Advances 20 ms and ticks every session; for sessions whose own receive loops deliver.</summary>
    public void TickWithoutPolling()
    {
        Time.Advance(TimeSpan.FromMilliseconds(20));
        _ticks++;
        var tick = new PacerTick(TimeSpan.FromMilliseconds(20 * _ticks), TimeSpan.FromMilliseconds(20 * _ticks), 0);
        foreach (MediaSession session in _sessions)
        {
            session.OnTick(in tick);
        }
    }

    public void Poll()
    {
        foreach (MediaSession session in _sessions)
        {
            session.PollReceive();
        }
    }

    public void Dispose()
    {
        foreach (MediaSession session in _sessions)
        {
            session.Dispose();
        }
    }
}
