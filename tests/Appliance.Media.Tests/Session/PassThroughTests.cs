using Appliance.Media.Codecs;
using Appliance.Media.Jitter;
using Appliance.Media.Rtp;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;

namespace Appliance.Media.Tests.Session;

/// <summary>G.711 at an 8 kHz pipeline: RTP payload bytes reach the sink, and the source's bytes reach RTP, untouched.</summary>
public sealed class PassThroughTests
{
    private const uint Ssrc = 0x1234;

    [Theory]
    [InlineData("PCMU", 20)]
    [InlineData("PCMU", 30)]
    [InlineData("PCMU", 60)]
    [InlineData("PCMA", 20)]
    [InlineData("PCMA", 30)]
    [InlineData("PCMA", 60)]
    public void Every_received_payload_byte_reaches_the_sink_untouched_and_in_order_despite_reordering(string codec, int ptime)
    {
        using var path = new InboundAudioPath(Codec(codec), 8000, new JitterBufferOptions { ClockRate = 8000 });
        var sink = new PayloadRecorder();
        byte[] sent = Payloads(9600, ptime);
        int packetBytes = 8 * ptime;
        int packets = sent.Length / packetBytes;

        int next = 0;
        for (int tick = 0; tick < 100; tick++)
        {
            TimeSpan now = TimeSpan.FromMilliseconds(tick * 20);
            while (next < packets && next * ptime <= tick * 20)
            {
                // From the third packet on, pairs arrive swapped: the later packet overtakes the earlier one.
                if (next >= 2 && next % 2 == 0 && next + 1 < packets)
                {
                    Push(path, sent, packetBytes, next + 1, now);
                    Push(path, sent, packetBytes, next, now);
                    next += 2;
                }
                else
                {
                    Push(path, sent, packetBytes, next++, now);
                }
            }

            path.PlayFrame(now, sink);
        }

        JitterBufferStatistics stats = path.Statistics;
        Assert.Equal(packets, stats.Received);
        Assert.Equal(0, stats.Lost + stats.Late + stats.Inserted + stats.Dropped);
        Assert.Equal(0, sink.PcmOnlyFrames);
        Assert.Equal(0, sink.Misaligned);
        Assert.Equal(PayloadCodecs.FromName(codec), sink.Codec);
        int start = StartOf(sent, sink.Bytes);
        Assert.Equal(sent, sink.Bytes.Slice(start, sent.Length).ToArray());
    }

    [Theory]
    [InlineData("PCMU", 20)]
    [InlineData("PCMU", 60)]
    [InlineData("PCMA", 30)]
    public void A_lost_packet_becomes_the_encoding_of_its_concealment(string codec, int ptime)
    {
        // A steady 60 ms playout delay: the jitter buffer then never drops a frame to shorten it.
        using var path = new InboundAudioPath(Codec(codec), 8000, new JitterBufferOptions { ClockRate = 8000, MinDelay = TimeSpan.FromMilliseconds(60) });
        var sink = new PayloadRecorder();
        byte[] sent = Payloads(9600, ptime);
        int packetBytes = 8 * ptime;
        int packets = sent.Length / packetBytes;
        int lost = packets / 2;

        int next = 0;
        for (int tick = 0; tick < 100; tick++)
        {
            TimeSpan now = TimeSpan.FromMilliseconds(tick * 20);
            for (; next < packets && next * ptime <= tick * 20; next++)
            {
                if (next != lost)
                {
                    Push(path, sent, packetBytes, next, now);
                }
            }

            path.PlayFrame(now, sink);
        }

        Assert.Equal(1, path.Statistics.Lost);

        // The PCM of the first 4 ms after the loss is cross-faded from the concealment (20 ms packets only, the ones
        // the concealer learns from); the bytes stay exactly as received.
        Assert.Equal(ptime == 20 ? 32 : 0, sink.Misaligned);
        int start = StartOf(sent, sink.Bytes);
        int gap = lost * packetBytes;
        ReadOnlySpan<byte> played = sink.Bytes[start..];
        Assert.Equal(sent[..gap], played[..gap].ToArray());
        byte[] concealed = played.Slice(gap, packetBytes).ToArray();
        Assert.Equal(Encode(PayloadCodecs.FromName(codec), sink.Pcm.Slice(start + gap, packetBytes)), concealed);
        Assert.NotEqual(sent[gap..(gap + packetBytes)], concealed);
        Assert.Equal(sent[(gap + packetBytes)..], played.Slice(gap + packetBytes, sent.Length - gap - packetBytes).ToArray());
    }

    [Theory]
    [InlineData("PCMU", 16000)]
    [InlineData("PCMA", 48000)]
    [InlineData("G722", 16000)]
    [InlineData("G722", 8000)]
    public void Resampled_or_non_g711_audio_reaches_the_sink_as_pcm_only(string codec, int pipelineRate)
    {
        using var path = new InboundAudioPath(Codec(codec), pipelineRate, new JitterBufferOptions { ClockRate = 8000 });
        var sink = new PayloadRecorder();

        for (int tick = 0; tick < 10; tick++)
        {
            path.PlayFrame(TimeSpan.FromMilliseconds(tick * 20), sink);
        }

        Assert.Equal(10, sink.PcmOnlyFrames);
        Assert.Equal(0, sink.Count);
    }

    [Fact]
    public void Pass_through_playout_with_losses_allocates_nothing()
    {
        using var path = new InboundAudioPath(Codec("PCMA"), 8000, new JitterBufferOptions { ClockRate = 8000 });
        var sink = new PayloadRecorder(capacity: 4096);
        byte[] sent = Payloads(240 * 50, 3);
        Play(path, sink, sent, 0, 300); // warm-up: JIT, jitter priming

        // The quietest of several windows: the runtime now and then allocates on this thread on its own (tiered
        // compilation), while anything the path allocated per packet would show in every window.
        long quietest = long.MaxValue;
        for (int from = 300; from < 1800; from += 300)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Play(path, sink, sent, from, from + 300);
            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, quietest);
        Assert.InRange(path.Statistics.Lost, 40, 60);
        Assert.Equal(0, sink.Misaligned);
    }

    [Theory]
    [InlineData("PCMU", 0)]
    [InlineData("PCMA", 8)]
    public void Payloads_echoed_with_their_bytes_leave_the_session_byte_identical(string codec, int payloadType)
    {
        byte[] echoed = Echo(codec, payloadType, new PayloadLoopback(), out byte[] sent);

        Assert.Equal(sent, echoed.AsSpan(StartOf(sent, echoed), sent.Length).ToArray());
    }

    [Fact]
    public void A_pcm_only_source_is_encoded_from_its_pcm_as_before()
    {
        using var echo = new EchoLoopback();
        byte[] echoed = Echo("PCMU", 0, echo, out byte[] sent);

        // Decoding then encoding is exact for every µ-law code but negative zero, which comes back as positive zero.
        byte[] expected = [.. sent.Select(b => b == 0x7F ? (byte)0xFF : b)];
        Assert.Contains((byte)0x7F, sent);
        Assert.Equal(expected, echoed.AsSpan(StartOf(expected, echoed), sent.Length).ToArray());
    }

    [Fact]
    public void Steady_state_pass_through_exchange_allocates_nothing()
    {
        using var harness = new SessionHarness(new MediaSessionOptions { PipelineSampleRate = 8000 });
        (MediaSession a, MediaSession b) = harness.Pair();
        var heard = new PayloadRecorder();
        var loopback = new PayloadLoopback();
        a.Connect(heard, new ToneSource(8000));
        b.Connect(loopback, loopback);
        harness.Tick(300); // warm-up: JIT, jitter priming, first RTCP reports

        long before = GC.GetAllocatedBytesForCurrentThread();
        harness.Tick(500);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, loopback.PcmOnlyFrames + heard.PcmOnlyFrames + heard.Misaligned);
        Assert.Equal(PayloadCodec.Pcmu, heard.Codec);
        Assert.InRange(b.GetStatistics().PacketsReceived, 799, 800);
    }

    /// <summary>
    /// A raw peer sends two seconds of G.711 (and some filler) to a session at an 8 kHz pipeline whose sink and source are
    /// <paramref name="echo"/>; returns the payload bytes the session sent back, in order.
    /// </summary>
    private static byte[] Echo<T>(string codec, int payloadType, T echo, out byte[] sent)
        where T : IMediaAudioSink, IMediaAudioSource
    {
        // A steady 60 ms playout delay: the jitter buffer then never drops a frame to shorten it.
        using var harness = new SessionHarness(new MediaSessionOptions { PipelineSampleRate = 8000, JitterMinDelay = TimeSpan.FromMilliseconds(60) });
        using var peer = new RawPeer();
        RtpPortPair ports = SessionHarness.Allocate();
        int port = ports.RtpPort;
        SdpCodec sdpCodec = codec == "PCMU" ? SdpCodec.Pcmu : SdpCodec.Pcma;
        MediaSession session = harness.Create(SessionHarness.Media(peer.EndPoint, sdpCodec, payloadType), ports);
        session.Connect(echo, echo);
        sent = Payloads(16000, payloadType);

        // Ten packets of filler follow, so the jitter buffer drains (and may adapt) only after the bytes under test.
        byte[] stream = [.. sent, .. new byte[1600]];
        var packet = new byte[RtpPacket.FixedHeaderSize + 160];
        for (int i = 0; i < stream.Length / 160; i++)
        {
            Assert.True(new RtpHeader((byte)payloadType, (ushort)i, (uint)(i * 160), Ssrc, i == 0).TryWrite(stream.AsSpan(i * 160, 160), packet, out int length));
            peer.Send(packet.AsSpan(0, length), port);
            harness.Poll();
            harness.Tick();
        }

        harness.Tick(20);
        var echoed = new List<byte>();
        foreach (byte[] datagram in peer.ReceiveAll())
        {
            if (datagram.Length > RtpPacket.FixedHeaderSize && (datagram[1] & 0x7F) == payloadType)
            {
                echoed.AddRange(datagram.AsSpan(RtpPacket.FixedHeaderSize));
            }
        }

        Assert.Equal(0, session.GetStatistics().PacketsLost);
        return [.. echoed];
    }

    /// <summary>Plays ticks [<paramref name="from"/>, <paramref name="to"/>) of 30 ms packets cycling through <paramref name="sent"/>, every 25th lost.</summary>
    private static void Play(InboundAudioPath path, PayloadRecorder sink, byte[] sent, int from, int to)
    {
        const int PacketBytes = 240;
        int packets = sent.Length / PacketBytes;
        for (int tick = from; tick < to; tick++)
        {
            // A 30 ms packet is due whenever a tick crosses a multiple of 30 ms.
            int index = tick * 20 / 30;
            if ((tick * 20 % 30) < 20 && index % 25 != 24)
            {
                path.Push(TimeSpan.FromMilliseconds(tick * 20), Ssrc, (ushort)index, (uint)(index * PacketBytes), index == 0, sent.AsSpan(index % packets * PacketBytes, PacketBytes));
            }

            sink.Reset();
            path.PlayFrame(TimeSpan.FromMilliseconds(tick * 20), sink);
        }
    }

    private static void Push(InboundAudioPath path, byte[] sent, int packetBytes, int index, TimeSpan now) =>
        path.Push(now, Ssrc, (ushort)(1000 + index), (uint)(index * packetBytes), index == 0, sent.AsSpan(index * packetBytes, packetBytes));

    private static CodecDescriptor Codec(string name)
    {
        Assert.True(CodecRegistry.CreateDefault().TryGet(name, 8000, out CodecDescriptor? codec));
        return codec;
    }

    /// <summary>Every code value first (0x7F, µ-law's negative zero, and 0xFF included), then noise.</summary>
    private static byte[] Payloads(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        for (int i = 0; i < 256; i++)
        {
            bytes[i] = (byte)i;
        }

        return bytes;
    }

    private static byte[] Encode(PayloadCodec codec, ReadOnlySpan<short> pcm)
    {
        var bytes = new byte[pcm.Length];
        PayloadCodecs.Encode(codec, pcm, bytes);
        return bytes;
    }

    /// <summary>Where <paramref name="sent"/> begins in <paramref name="output"/> (after priming silence), asserting it is there.</summary>
    private static int StartOf(byte[] sent, ReadOnlySpan<byte> output)
    {
        int start = output.IndexOf(sent.AsSpan(0, 64));
        Assert.True(start >= 0, "the sent bytes never reached the other side");
        Assert.True(output.Length - start >= sent.Length, $"only {output.Length - start} of {sent.Length} bytes arrived");
        return start;
    }
}
