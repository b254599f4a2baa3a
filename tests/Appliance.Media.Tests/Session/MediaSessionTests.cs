using System.Buffers.Binary;
using Appliance.Media.Rtp;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;

namespace Appliance.Media.Tests.Session;

public class MediaSessionTests
{
    private static byte[] Rtp(byte payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, bool marker = false)
    {
        var packet = new byte[RtpPacket.FixedHeaderSize + payload.Length];
        Assert.True(new RtpHeader(payloadType, sequence, timestamp, ssrc, marker).TryWrite(payload, packet, out _));
        return packet;
    }

    private static byte[] PcmuTone(int frame)
    {
        // 20 ms of a loud 1 kHz-ish pattern in µ-law (non-silence so the sink level shows it).
        var payload = new byte[160];
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = ((i + frame) & 4) == 0 ? (byte)0x20 : (byte)0xA0;
        }

        return payload;
    }

    [Fact]
    public void Tone_travels_through_a_session_pair_and_back_through_the_echo()
    {
        using var harness = new SessionHarness();
        (MediaSession a, MediaSession b) = harness.Pair();
        var heard = new LevelSink();
        using var echo = new EchoLoopback();
        a.Connect(heard, new ToneSource());
        b.Connect(echo, echo);

        harness.Tick(100);

        MediaSessionStatistics statsA = a.GetStatistics();
        MediaSessionStatistics statsB = b.GetStatistics();
        Assert.Equal(100, statsA.PacketsSent);
        Assert.Equal(100, statsB.PacketsSent);
        Assert.InRange(statsB.PacketsReceived, 99, 100);
        Assert.InRange(statsA.PacketsReceived, 99, 100);
        Assert.Equal(172L * statsA.PacketsSent, statsA.BytesSent);
        Assert.Equal(0, statsA.Malformed + statsB.Malformed + statsA.DroppedForeign + statsB.DroppedForeign);
        Assert.Equal(0, statsB.PacketsLost);
        Assert.Equal(100, heard.Frames);
        Assert.Equal(320, heard.LastLength); // 20 ms at the 16 kHz pipeline rate
        Assert.InRange(heard.LastRms, 3000, 8000); // the 8000-peak tone (RMS 5657) after two G.711 trips
    }

    [Fact]
    public void Steady_state_exchange_of_ten_seconds_allocates_nothing()
    {
        using var harness = new SessionHarness();
        (MediaSession a, MediaSession b) = harness.Pair();
        var heard = new LevelSink();
        using var echo = new EchoLoopback();
        a.Connect(heard, new ToneSource());
        b.Connect(echo, echo);
        harness.Tick(300); // warm-up: JIT, jitter priming, first RTCP reports, pools

        long before = GC.GetAllocatedBytesForCurrentThread();
        harness.Tick(500); // 10 s of 20 ms packets each way, with RTCP SR/RR on the way
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(800, a.GetStatistics().PacketsSent);
        Assert.InRange(b.GetStatistics().PacketsReceived, 799, 800);
        Assert.InRange(heard.LastRms, 3000, 8000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rtcp_reports_flow_both_ways_and_give_an_rtt_with_or_without_mux(bool rtcpMux)
    {
        using var harness = new SessionHarness();
        (MediaSession a, MediaSession b) = harness.Pair(rtcpMux: rtcpMux);
        a.Connect(null, new ToneSource());
        b.Connect(null, new ToneSource());

        harness.Tick(1000); // 20 s: several report intervals each way

        MediaSessionStatistics statsA = a.GetStatistics();
        MediaSessionStatistics statsB = b.GetStatistics();
        Assert.NotNull(statsA.RoundTripTime);
        Assert.NotNull(statsB.RoundTripTime);
        Assert.InRange(statsA.RoundTripTime.Value, TimeSpan.Zero, TimeSpan.FromMilliseconds(21)); // virtual clock: at most one tick
        Assert.Equal(0, statsA.Malformed + statsB.Malformed); // muxed RTCP never reaches the RTP parser
        Assert.Equal(1000, statsB.PacketsReceived);
    }

    [Fact]
    public void Stop_sends_an_rtcp_bye_to_the_peer()
    {
        using var harness = new SessionHarness();
        using var peer = new RawPeer();
        RtpPortPair ports = SessionHarness.Allocate();
        // The peer's RTCP "port" is its only socket: point the SDP RTCP address at it.
        NegotiatedMedia media = SessionHarness.Media(SessionHarness.Loopback(peer.EndPoint.Port - 1));
        MediaSession session = harness.Create(media, ports);

        session.Stop();

        byte[] compound = Assert.Single(peer.ReceiveAll());
        Assert.Equal(201, compound[1]); // RR first: nothing was sent
        Assert.Contains(compound.AsSpan(8).ToArray(), b => b == 203);
        Assert.Equal(203, compound[^7]); // the last packet (8 bytes: header + SSRC) is the BYE
    }

    [Fact]
    public void Sent_rtp_has_steady_ssrc_consecutive_sequence_and_timestamps_advancing_in_silence()
    {
        using var harness = new SessionHarness(new MediaSessionOptions { SendSilence = false });
        using var peer = new RawPeer();
        MediaSession session = harness.Create(SessionHarness.Media(peer.EndPoint), SessionHarness.Allocate());
        var source = new ToneSource();
        session.Connect(null, source);

        harness.Tick(3);
        source.Silent = true;
        harness.Tick(5);
        source.Silent = false;
        harness.Tick(2);

        List<byte[]> packets = peer.ReceiveAll();
        Assert.Equal(5, packets.Count);
        var parsed = packets.Select(p =>
        {
            Assert.True(RtpPacket.TryParse(p, out RtpPacket packet));
            return (packet.Ssrc, packet.SequenceNumber, packet.Timestamp, packet.Marker, packet.PayloadType, packet.Payload.Length);
        }).ToArray();
        Assert.All(parsed, p => Assert.Equal(session.Ssrc, p.Ssrc));
        Assert.All(parsed, p => Assert.Equal(160, p.Length));
        Assert.All(parsed, p => Assert.Equal(0, p.PayloadType));
        for (int i = 1; i < parsed.Length; i++)
        {
            Assert.Equal((ushort)(parsed[0].SequenceNumber + i), parsed[i].SequenceNumber);
        }

        Assert.Equal([true, false, false, true, false], parsed.Select(p => p.Marker));
        Assert.Equal(160u, parsed[1].Timestamp - parsed[0].Timestamp);
        Assert.Equal(160u * 6, parsed[3].Timestamp - parsed[2].Timestamp); // five silent ticks still advanced the clock
    }

    [Fact]
    public void Silence_is_sent_as_encoded_silence_by_default()
    {
        using var harness = new SessionHarness();
        using var peer = new RawPeer();
        MediaSession session = harness.Create(SessionHarness.Media(peer.EndPoint), SessionHarness.Allocate());

        harness.Tick(5); // no source connected at all

        List<byte[]> packets = peer.ReceiveAll();
        Assert.Equal(5, packets.Count);
        Assert.All(packets, p => Assert.All(p[12..], b => Assert.Equal(0xFF, b))); // µ-law silence
        Assert.Equal(0x80, packets[0][1] & 0x80);
    }

    [Fact]
    public void Ptime_of_40_sends_two_frames_per_packet()
    {
        using var harness = new SessionHarness();
        using var peer = new RawPeer();
        harness.Create(SessionHarness.Media(peer.EndPoint, ptime: 40), SessionHarness.Allocate()).Connect(null, new ToneSource());

        harness.Tick(6);

        List<byte[]> packets = peer.ReceiveAll();
        Assert.Equal(3, packets.Count);
        Assert.All(packets, p => Assert.Equal(12 + 320, p.Length));
        Assert.Equal(320u, BinaryPrimitives.ReadUInt32BigEndian(packets[1].AsSpan(4)) - BinaryPrimitives.ReadUInt32BigEndian(packets[0].AsSpan(4)));
    }

    [Fact]
    public void Symmetric_rtp_latches_the_real_source_and_drops_a_second_one()
    {
        using var harness = new SessionHarness();
        using var peer = new RawPeer();
        using var intruder = new RawPeer();
        RtpPortPair ports = SessionHarness.Allocate();
        int port = ports.RtpPort;
        // The SDP advertises a private address the packets never come from (NAT).
        MediaSession session = harness.Create(SessionHarness.Media(SessionHarness.Loopback(9)), ports);

        for (int i = 0; i < 20; i++)
        {
            peer.Send(Rtp(0, (ushort)i, (uint)(i * 160), 0x1111, PcmuTone(i)), port);
            intruder.Send(Rtp(0, (ushort)(500 + i), (uint)(i * 160), 0x2222, PcmuTone(i)), port);
            harness.Poll(); // deliver before the tick, so even our first packet goes to the learnt address
            harness.Tick();
        }

        MediaSessionStatistics stats = session.GetStatistics();
        Assert.Equal(20, stats.PacketsReceived);
        Assert.Equal(20, stats.DroppedForeign);
        Assert.Equal(0, stats.SsrcChanges);
        Assert.Equal(20, peer.ReceiveAll().Count(p => !RtcpLike(p))); // our RTP goes to the latched source, not the SDP address
        Assert.Empty(intruder.ReceiveAll());
    }

    [Fact]
    public void A_new_source_takes_over_after_the_latched_one_fell_silent()
    {
        var options = new MediaSessionOptions { RelatchAfter = TimeSpan.FromSeconds(1), RelatchPackets = 3 };
        using var harness = new SessionHarness(options);
        using var before = new RawPeer();
        using var after = new RawPeer();
        RtpPortPair ports = SessionHarness.Allocate();
        int port = ports.RtpPort;
        MediaSession session = harness.Create(SessionHarness.Media(before.EndPoint), ports);
        for (int i = 0; i < 10; i++)
        {
            before.Send(Rtp(0, (ushort)i, (uint)(i * 160), 1, PcmuTone(i)), port);
            harness.Tick();
        }

        harness.Tick(55); // 1.1 s without the latched source (a NAT rebinding, say)
        for (int i = 0; i < 5; i++)
        {
            after.Send(Rtp(0, (ushort)(100 + i), (uint)(i * 160), 2, PcmuTone(i)), port);
            harness.Poll();
        }

        before.ReceiveAll();
        harness.Tick(3);

        Assert.Equal(3, after.ReceiveAll().Count(p => !RtcpLike(p)));
        Assert.DoesNotContain(before.ReceiveAll(), p => !RtcpLike(p));
        MediaSessionStatistics stats = session.GetStatistics();
        Assert.Equal(2, stats.DroppedForeign); // the qualifying run before the switch
        Assert.Equal(13, stats.PacketsReceived);
    }

    [Fact]
    public void Hold_with_a_zero_connection_address_sends_nothing()
    {
        using var harness = new SessionHarness();
        using var peer = new RawPeer();
        MediaSession session = harness.Create(SessionHarness.Media(peer.EndPoint), SessionHarness.Allocate());
        harness.Tick(2);
        Assert.Equal(2, peer.ReceiveAll().Count);

        session.UpdateRemote(SessionHarness.Media(new System.Net.IPEndPoint(System.Net.IPAddress.Any, peer.EndPoint.Port)));
        harness.Tick(300);

        Assert.Empty(peer.ReceiveAll());
        Assert.Equal(2, session.GetStatistics().PacketsSent);
    }

    [Fact]
    public void Update_remote_relatches_and_applies_hold_and_codec_changes()
    {
        using var harness = new SessionHarness();
        using var first = new RawPeer();
        using var second = new RawPeer();
        RtpPortPair ports = SessionHarness.Allocate();
        int port = ports.RtpPort;
        MediaSession session = harness.Create(SessionHarness.Media(first.EndPoint), ports);
        first.Send(Rtp(0, 1, 160, 7, PcmuTone(0)), port);
        harness.Tick(2);
        Assert.Equal(2, first.ReceiveAll().Count);

        // Hold: we may not send; the RTP clock keeps running.
        session.UpdateRemote(SessionHarness.Media(first.EndPoint, direction: MediaDirection.RecvOnly));
        harness.Tick(3);
        Assert.Empty(first.ReceiveAll());

        // Re-INVITE moves the call elsewhere with G.722: the latch is forgotten, the new source is learnt.
        session.UpdateRemote(SessionHarness.Media(second.EndPoint, SdpCodec.G722, payloadType: 9));
        second.Send(Rtp(9, 100, 8000, 8, new byte[160]), port);
        harness.Tick(2);

        List<byte[]> packets = second.ReceiveAll();
        Assert.Equal(2, packets.Count);
        Assert.All(packets, p => Assert.Equal(9, p[1] & 0x7F));
        Assert.Equal(0x80, packets[0][1] & 0x80); // first packet after the gap carries the marker
        Assert.Empty(first.ReceiveAll());
        Assert.Equal(2, session.GetStatistics().PacketsReceived);
    }

    [Fact]
    public void Ssrc_change_resynchronises_playout_and_is_reported()
    {
        using var harness = new SessionHarness();
        using var peer = new RawPeer();
        var observer = new RecordingObserver();
        var sink = new LevelSink();
        RtpPortPair ports = SessionHarness.Allocate();
        int port = ports.RtpPort;
        MediaSession session = harness.Create(SessionHarness.Media(peer.EndPoint), ports, observer);
        session.Connect(sink, null);

        for (int i = 0; i < 30; i++)
        {
            peer.Send(Rtp(0, (ushort)(1000 + i), (uint)(i * 160), 0xAAAA, PcmuTone(i)), port);
            harness.Tick();
        }

        for (int i = 0; i < 30; i++)
        {
            peer.Send(Rtp(0, (ushort)(40000 + i), 900000u + (uint)(i * 160), 0xBBBB, PcmuTone(i), i == 0), port);
            harness.Tick();
        }

        Assert.Equal([(0xAAAAu, 0xBBBBu)], observer.SsrcChanges);
        MediaSessionStatistics stats = session.GetStatistics();
        Assert.Equal(1, stats.SsrcChanges);
        Assert.Equal(60, stats.PacketsReceived);
        Assert.Equal(0, stats.PacketsLost);
        Assert.True(sink.LastRms > 1000, "the new stream plays after the resync");
    }

    [Fact]
    public void Rfc4733_packets_yield_one_digit_per_key_press()
    {
        using var harness = new SessionHarness();
        using var peer = new RawPeer();
        var observer = new RecordingObserver();
        RtpPortPair ports = SessionHarness.Allocate();
        int port = ports.RtpPort;
        MediaSession session = harness.Create(SessionHarness.Media(peer.EndPoint), ports, observer);

        // Digit '5' from the reference capture: 5 updates then the end packet three times, all with ts 320000.
        foreach (string hex in (string[])[
            "80E507D00004E2001A2B3C4D050A00A0", "806507D10004E2001A2B3C4D050A0140", "806507D20004E2001A2B3C4D050A01E0",
            "806507D30004E2001A2B3C4D050A0280", "806507D40004E2001A2B3C4D050A0320", "806507D50004E2001A2B3C4D058A0320",
            "806507D60004E2001A2B3C4D058A0320", "806507D70004E2001A2B3C4D058A0320"])
        {
            peer.Send(Convert.FromHexString(hex), port);
            harness.Tick();
        }

        // '#' as a second press (new timestamp), end packet only: the M-bit start was lost.
        peer.Send(Rtp(101, 2008, 321600, 0x1A2B3C4D, Convert.FromHexString("0B8A0640")), port);
        harness.Tick();

        Assert.Equal(['5', '#'], observer.Digits);
        Assert.Equal(2, session.GetStatistics().DtmfDigitsReceived);
    }

    [Fact]
    public void Sent_dtmf_is_received_by_the_peer_session_and_pauses_audio_with_one_timestamp()
    {
        using var harness = new SessionHarness();
        var observer = new RecordingObserver();
        (MediaSession a, MediaSession b) = harness.Pair(observerB: observer);
        a.Connect(null, new ToneSource());
        harness.Tick(10);

        Assert.True(a.SendDtmf('7', TimeSpan.FromMilliseconds(100)));
        Assert.True(a.SendDtmf('#', TimeSpan.FromMilliseconds(60)));
        Assert.False(a.SendDtmf('x', TimeSpan.FromMilliseconds(60)));
        harness.Tick(20);

        Assert.Equal(['7', '#'], observer.Digits);
        Assert.Equal(30, a.GetStatistics().PacketsSent); // one packet per tick, audio or event
    }

    [Fact]
    public void Dtmf_packets_follow_rfc4733_on_the_wire()
    {
        using var harness = new SessionHarness();
        using var peer = new RawPeer();
        MediaSession session = harness.Create(SessionHarness.Media(peer.EndPoint), SessionHarness.Allocate());
        session.Connect(null, new ToneSource());
        harness.Tick(2);
        session.SendDtmf('5', TimeSpan.FromMilliseconds(100));
        harness.Tick(8);

        var packets = peer.ReceiveAll().Select(p =>
        {
            Assert.True(RtpPacket.TryParse(p, out RtpPacket packet));
            return (packet.PayloadType, packet.Marker, packet.Timestamp, packet.SequenceNumber, Payload: packet.Payload.ToArray());
        }).ToArray();
        Assert.Equal(10, packets.Length);
        var events = packets[2..9];
        Assert.All(events, e => Assert.Equal(101, e.PayloadType));
        Assert.All(events, e => Assert.Equal(packets[1].Timestamp + 160, e.Timestamp));
        Assert.Equal([true, false, false, false, false, false, false], events.Select(e => e.Marker));
        Assert.Equal([160, 320, 480, 640, 800, 800, 800], events.Select(e => (int)BinaryPrimitives.ReadUInt16BigEndian(e.Payload.AsSpan(2))));
        Assert.Equal([false, false, false, false, true, true, true], events.Select(e => (e.Payload[1] & 0x80) != 0));
        Assert.All(events, e => Assert.Equal(5, e.Payload[0]));
        Assert.Equal(0, packets[9].PayloadType);
        Assert.Equal(packets[1].Timestamp + (8 * 160), packets[9].Timestamp); // audio resumes in real time
        for (int i = 1; i < packets.Length; i++)
        {
            Assert.Equal((ushort)(packets[0].SequenceNumber + i), packets[i].SequenceNumber);
        }
    }

    [Fact]
    public void Media_timeout_fires_once_on_the_virtual_clock_and_not_while_on_hold()
    {
        var options = new MediaSessionOptions { MediaTimeout = TimeSpan.FromSeconds(2) };
        using var harness = new SessionHarness(options);
        using var peer = new RawPeer();
        var observer = new RecordingObserver();
        RtpPortPair ports = SessionHarness.Allocate();
        int port = ports.RtpPort;
        MediaSession session = harness.Create(SessionHarness.Media(peer.EndPoint), ports, observer);

        for (int i = 0; i < 150; i++)
        {
            peer.Send(Rtp(0, (ushort)i, (uint)(i * 160), 5, PcmuTone(i)), port);
            harness.Tick();
        }

        Assert.Equal(0, observer.Timeouts);
        harness.Tick(99); // 1.98 s of silence
        Assert.Equal(0, observer.Timeouts);
        harness.Tick(2);
        Assert.Equal(1, observer.Timeouts);
        harness.Tick(200);
        Assert.Equal(1, observer.Timeouts);

        var held = new RecordingObserver();
        MediaSession onHold = harness.Create(SessionHarness.Media(peer.EndPoint, direction: MediaDirection.SendOnly), SessionHarness.Allocate(), held);
        harness.Tick(300);
        Assert.Equal(0, held.Timeouts);
        Assert.Equal(0, onHold.GetStatistics().PacketsReceived);
    }

    [Fact]
    public void Malformed_and_random_datagrams_never_throw_and_are_counted()
    {
        using var harness = new SessionHarness();
        using var peer = new RawPeer();
        RtpPortPair ports = SessionHarness.Allocate();
        int port = ports.RtpPort;
        int rtcpPort = ports.RtcpPort;
        MediaSession session = harness.Create(SessionHarness.Media(peer.EndPoint), ports);
        session.Connect(new LevelSink(), new ToneSource());
        IDatagramHandler handler = session;
        var random = new Random(4733);
        var buffer = new byte[300];
        System.Net.SocketAddress source = peer.EndPoint.Serialize();

        for (int i = 0; i < 20000; i++)
        {
            int length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 3 == 0 && length >= 12)
            {
                buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // version 2 with random P/X/CC: exercises the parser's bounds
                buffer[1] = (byte)(buffer[1] & 0x80); // PT 0, so it reaches latching, the jitter buffer and the decoder
            }

            handler.OnDatagram(i % 5 == 0 ? MediaChannel.Rtcp : MediaChannel.Rtp, buffer.AsSpan(0, length), source);
            if (i % 50 == 0)
            {
                harness.Tick();
            }
        }

        peer.Send([], port);
        peer.Send([0x80], port);
        peer.Send([0x80, 0xC8, 0, 0xFF], port); // muxed-looking RTCP with a lying length
        peer.Send([0x81, 0xC9, 0, 7], rtcpPort);
        harness.Tick();

        MediaSessionStatistics stats = session.GetStatistics();
        Assert.True(stats.Malformed > 10000, $"malformed {stats.Malformed}");
        Assert.True(stats.PacketsReceived > 0);
    }

    private static bool RtcpLike(byte[] datagram) => datagram.Length > 1 && datagram[1] is >= 192 and <= 223;
}
