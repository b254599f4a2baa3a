using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Appliance.Media.Codecs;
using Appliance.Media.Pacing;
using Appliance.Media.Rtp;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;
using Appliance.Pipeline.Runtime.Transport;
using Appliance.Providers.Realtime;
using Appliance.Providers.Tests.Realtime.Fakes;
using Appliance.Providers.Tests.Realtime.Harness;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Providers.Tests.Realtime;

/// <summary>G.711 calls with OpenAI: RTP payload bytes reach the model, and the model's bytes reach RTP, untouched.</summary>
public sealed class PassThroughTests : IAsyncLifetime
{
    private const int Rate = 8000;
    private const int FrameSamples = 160;

    // Its own range: the allocator skips ports other processes hold, so test assemblies running side by side never collide.
    private static readonly RtpPortAllocator Ports = new(IPAddress.Loopback, 44000, 44999);

    private readonly FakeOpenAiRealtimeServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(RealtimeAudioFormat.Auto, "PCMU", 8000, RealtimeAudioFormat.Pcmu)]
    [InlineData(RealtimeAudioFormat.Auto, "pcma", 8000, RealtimeAudioFormat.Pcma)]
    [InlineData(RealtimeAudioFormat.Auto, "PCMU", 16000, RealtimeAudioFormat.Pcm16)]
    [InlineData(RealtimeAudioFormat.Auto, "G722", 16000, RealtimeAudioFormat.Pcm16)]
    [InlineData(RealtimeAudioFormat.Auto, "G722", 8000, RealtimeAudioFormat.Pcm16)]
    [InlineData(RealtimeAudioFormat.Auto, null, 8000, RealtimeAudioFormat.Pcm16)]
    [InlineData(RealtimeAudioFormat.Pcm16, "PCMU", 8000, RealtimeAudioFormat.Pcm16)]
    [InlineData(RealtimeAudioFormat.Pcma, "PCMU", 8000, RealtimeAudioFormat.Pcma)]
    [InlineData(RealtimeAudioFormat.Pcmu, "G722", 16000, RealtimeAudioFormat.Pcmu)]
    public void Auto_takes_the_calls_g711_law_at_8khz_and_pcm16_otherwise_while_a_choice_stands(RealtimeAudioFormat configured, string? codec, int pipelineRate, RealtimeAudioFormat expected) =>
        Assert.Equal(expected, configured.Resolve(codec, pipelineRate));

    [Fact]
    public void Auto_is_the_default()
    {
        Assert.Equal(RealtimeAudioFormat.Auto, new RealtimeAgentOptions().AudioFormat);
    }

    [Theory]
    [InlineData("PCMU", 8000, false, "audio/pcmu")]
    [InlineData("PCMA", 8000, false, "audio/pcma")]
    [InlineData("PCMU", 16000, false, "audio/pcm")]
    [InlineData("G722", 16000, false, "audio/pcm")]
    [InlineData("PCMA", 8000, true, "g711_alaw")]
    [InlineData("G722", 16000, true, "pcm16")]
    public async Task Session_update_announces_the_format_auto_chose(string codec, int pipelineRate, bool beta, string wireFormat)
    {
        _server.Beta = beta;
        await using Call call = await Call.StartAsync(_server, codec, pipelineRate, beta);

        JsonElement session = (await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"))).GetProperty("session");

        if (beta)
        {
            Assert.Equal(wireFormat, session.GetProperty("input_audio_format").GetString());
            Assert.Equal(wireFormat, session.GetProperty("output_audio_format").GetString());
        }
        else
        {
            Assert.Equal(wireFormat, session.GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("type").GetString());
            Assert.Equal(wireFormat, session.GetProperty("audio").GetProperty("output").GetProperty("format").GetProperty("type").GetString());
        }
    }

    [Theory]
    [InlineData("PCMU", PayloadCodec.Pcmu)]
    [InlineData("PCMA", PayloadCodec.Pcma)]
    public async Task Caller_payloads_reach_the_model_and_model_bytes_reach_playout_untouched(string codec, PayloadCodec payloadCodec)
    {
        await using Call call = await Call.StartAsync(_server, codec, Rate);
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        byte[] payloads = Payloads(8000, 1);
        short[] pcm = Decode(payloadCodec, payloads);

        // What media hands the port at an 8 kHz G.711 pipeline: 20 ms of PCM with the bytes it was decoded from.
        for (int offset = 0; offset < pcm.Length; offset += FrameSamples)
        {
            call.Port.OnInboundAudio(pcm.AsSpan(offset, FrameSamples), payloads.AsSpan(offset, FrameSamples), payloadCodec);
        }

        await Eventually.TrueAsync(() => _server.AppendedAudio.Length == payloads.Length, "all caller audio at the server");
        Assert.Equal(payloads, _server.AppendedAudio); // µ-law's 0x7F included: it is never decoded and re-encoded

        // And back: deltas in the session format keep their bytes through the agent and playout.
        byte[] reply = Payloads(1600, 2);
        await _server.AudioAsync("resp_1", "item_A1", reply, chunkBytes: 250);
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples == reply.Length, "model audio queued");
        short[] played = new short[reply.Length];
        byte[] bytes = new byte[reply.Length];
        for (int offset = 0; offset < reply.Length; offset += FrameSamples)
        {
            Assert.Equal(FrameSamples, call.Port.ReadOutbound(played.AsSpan(offset, FrameSamples), bytes.AsSpan(offset, FrameSamples), payloadCodec));
        }

        Assert.Equal(reply, bytes);
        Assert.Equal(Decode(payloadCodec, reply), played);
    }

    [Fact]
    public async Task Caller_payloads_in_another_law_are_reencoded_for_the_model()
    {
        await using Call call = await Call.StartAsync(_server, "PCMA", Rate, format: RealtimeAudioFormat.Pcmu);
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        byte[] payloads = Payloads(1600, 3);
        short[] pcm = Decode(PayloadCodec.Pcma, payloads);

        for (int offset = 0; offset < pcm.Length; offset += FrameSamples)
        {
            call.Port.OnInboundAudio(pcm.AsSpan(offset, FrameSamples), payloads.AsSpan(offset, FrameSamples), PayloadCodec.Pcma);
        }

        await Eventually.TrueAsync(() => _server.AppendedAudio.Length == payloads.Length, "all caller audio at the server");
        var expected = new byte[pcm.Length];
        MuLaw.Encode(pcm, expected);
        Assert.Equal(expected, _server.AppendedAudio);
    }

    [Theory]
    [InlineData("PCMU", 0)]
    [InlineData("PCMA", 8)]
    public async Task Rtp_payloads_reach_the_model_and_model_audio_reaches_rtp_byte_identical(string codec, int payloadType)
    {
        var time = new FakeTimeProvider();
        var factory = new MediaSessionFactory(CodecRegistry.CreateDefault(), new MediaSessionOptions
        {
            PipelineSampleRate = Rate,

            // A steady 60 ms playout delay: the jitter buffer then never drops or inserts a frame mid-stream.
            JitterMinDelay = TimeSpan.FromMilliseconds(60),
        }, time, pacer: null);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        RtpPortPair ports = Ports.Allocate(rtcpMux: false).Ports ?? throw new InvalidOperationException("Test port range exhausted.");
        var remote = (IPEndPoint)peer.LocalEndPoint!;
        SdpCodec sdpCodec = codec == "PCMU" ? SdpCodec.Pcmu : SdpCodec.Pcma;
        using MediaSession media = factory.Create(new NegotiatedMedia
        {
            RemoteRtp = remote,
            RemoteRtcp = new IPEndPoint(remote.Address, remote.Port + 1),
            Codec = sdpCodec,
            SendPayloadType = payloadType,
            ReceivePayloadType = payloadType,
            Ptime = 20,
            Direction = MediaDirection.SendRecv,
            RtcpMux = false,
        }, ports);
        await using Call call = await Call.StartAsync(_server, codec, Rate);
        media.Connect(call.Port, call.Port);
        media.Start();
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        int ticks = 0;

        // The caller speaks: 1 s of RTP, then filler so the jitter buffer drains only after the bytes under test.
        byte[] spoken = Payloads(8000, payloadType);
        byte[] stream = [.. spoken, .. new byte[1600]];
        var packet = new byte[RtpPacket.FixedHeaderSize + FrameSamples];
        for (int i = 0; i < stream.Length / FrameSamples; i++)
        {
            Assert.True(new RtpHeader((byte)payloadType, (ushort)i, (uint)(i * FrameSamples), 0xCA11, i == 0).TryWrite(stream.AsSpan(i * FrameSamples, FrameSamples), packet, out int length));
            peer.SendTo(packet.AsSpan(0, length), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, ports.RtpPort));
            await Eventually.TrueAsync(() => media.GetStatistics().PacketsReceived == i + 1, "packet at the session");
            Tick(media, time, ref ticks);
        }

        await Eventually.TrueAsync(() => _server.AppendedAudio.Length >= stream.Length, "caller audio at the server");
        byte[] heard = _server.AppendedAudio;
        Assert.Equal(spoken, heard.AsSpan(StartOf(spoken, heard), spoken.Length).ToArray());

        // The model answers in the session format; the RTP the caller gets carries its bytes.
        DrainDatagrams(peer);
        byte[] reply = Payloads(4000, payloadType + 1);
        await _server.AudioAsync("resp_1", "item_A1", reply, chunkBytes: 480);
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples == reply.Length, "model audio queued");
        for (int i = 0; i < (reply.Length / FrameSamples) + 5; i++)
        {
            Tick(media, time, ref ticks);
        }

        byte[] sent = DrainDatagrams(peer, (byte)payloadType);
        Assert.Equal(reply, sent.AsSpan(StartOf(reply, sent), reply.Length).ToArray());
        Assert.Equal(0, media.GetStatistics().PacketsLost);
    }

    [Fact]
    public void Pass_through_send_path_allocates_nothing_per_20ms_frame()
    {
        var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = Rate });
        var context = new AgentContext("call", port, TimeProvider.System) { Call = new CallInfo { CallId = "call", Codec = "PCMU" } };
        RealtimeAgent agent = RealtimeAgentFactory.Create(new RealtimeAgentOptions { Model = "m", SendBacklogMilliseconds = 400 }, new RealtimeAgentServices { Metrics = new ProviderMetrics() }, context);
        byte[] payload = Payloads(FrameSamples, 4);
        short[] pcm = Decode(PayloadCodec.Pcmu, payload);
        for (int i = 0; i < 200; i++)
        {
            agent.SendAudio(pcm, payload, PayloadCodec.Pcmu);
        }

        // The quietest of several windows, as in the media allocation tests: the runtime's own occasional allocation
        // lands in one window, anything per frame would land in all of them.
        long quietest = long.MaxValue;
        for (int window = 0; window < 5; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                agent.SendAudio(pcm, payload, PayloadCodec.Pcmu);
            }

            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, quietest);
        Assert.True(agent.DroppedAudioMessages > 0);
    }

    [Fact]
    public void Pass_through_decode_returns_the_delta_bytes_and_allocates_nothing()
    {
        var decoder = new OutputAudioDecoder(RealtimeAudioFormat.Pcmu, Rate, Rate);
        byte[] audio = Payloads(480, 5);
        byte[] base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(audio));
        Assert.Equal(PayloadCodec.Pcmu, decoder.PassThrough);
        Assert.Equal(audio, decoder.Decode(base64, out ReadOnlySpan<byte> first).Length == audio.Length ? first.ToArray() : []);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int bytes = 0;
        for (int i = 0; i < 1000; i++)
        {
            bytes += decoder.Decode(base64, out ReadOnlySpan<byte> payload).Length == payload.Length ? payload.Length : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000 * audio.Length, bytes);
        Assert.Equal(PayloadCodec.None, new OutputAudioDecoder(RealtimeAudioFormat.Pcmu, Rate, 16000).PassThrough);
    }

    private static void Tick(MediaSession media, FakeTimeProvider time, ref int ticks)
    {
        time.Advance(TimeSpan.FromMilliseconds(20));
        ticks++;
        var due = TimeSpan.FromMilliseconds(20 * ticks);
        media.OnTick(new PacerTick(due, due, 0));
    }

    /// <summary>Reads every datagram waiting at <paramref name="peer"/>; returns the payloads of RTP packets of <paramref name="payloadType"/>, in order.</summary>
    private static byte[] DrainDatagrams(Socket peer, int payloadType = -1)
    {
        var payloads = new List<byte>();
        var buffer = new byte[2048];
        while (peer.Available > 0)
        {
            int length = peer.Receive(buffer);
            if (length > RtpPacket.FixedHeaderSize && (buffer[1] & 0x7F) == payloadType)
            {
                payloads.AddRange(buffer.AsSpan(RtpPacket.FixedHeaderSize, length - RtpPacket.FixedHeaderSize));
            }
        }

        return [.. payloads];
    }

    /// <summary>Every code value first (0x7F, µ-law's negative zero, and 0xFF included), then noise.</summary>
    private static byte[] Payloads(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        for (int i = 0; i < Math.Min(256, length); i++)
        {
            bytes[i] = (byte)(i + seed);
        }

        bytes[0] = 0x7F;
        return bytes;
    }

    private static short[] Decode(PayloadCodec codec, byte[] payload)
    {
        var pcm = new short[payload.Length];
        _ = codec == PayloadCodec.Pcmu ? MuLaw.Decode(payload, pcm) : ALaw.Decode(payload, pcm);
        return pcm;
    }

    /// <summary>Where <paramref name="expected"/> begins in <paramref name="output"/> (after silence), asserting it is all there.</summary>
    private static int StartOf(byte[] expected, byte[] output)
    {
        int start = output.AsSpan().IndexOf(expected.AsSpan(0, 64));
        Assert.True(start >= 0, "the bytes never reached the other side");
        Assert.True(output.Length - start >= expected.Length, $"only {output.Length - start} of {expected.Length} bytes arrived");
        return start;
    }

    /// <summary>One call's pipeline around an OpenAI agent on a call with <c>codec</c>: port input → agent → port output.</summary>
    private sealed class Call : IAsyncDisposable
    {
        private Call(CallAudioPort port, PipelineTask task)
        {
            Port = port;
            Task = task;
        }

        public CallAudioPort Port { get; }

        public PipelineTask Task { get; }

        public static async Task<Call> StartAsync(FakeOpenAiRealtimeServer server, string? codec, int pipelineRate, bool beta = false, RealtimeAudioFormat format = RealtimeAudioFormat.Auto)
        {
            var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = pipelineRate });
            var context = new AgentContext("call-1", port, TimeProvider.System)
            {
                Call = codec is null ? null : new CallInfo { CallId = "call-1", Codec = codec },
            };
            var options = new RealtimeAgentOptions { Endpoint = server.Endpoint, ApiKey = "sk-test", AudioFormat = format, UseBetaProtocol = beta, TranscribeInput = false };
            RealtimeAgent agent = RealtimeAgentFactory.Create(options, new RealtimeAgentServices(), context);
            var task = new PipelineTask([port.Input, agent, port.Output], new PipelineTaskOptions { QueueCapacity = 4096, AudioPool = new AudioFramePool() });
            await task.StartAsync();
            return new Call(port, task);
        }

        public async ValueTask DisposeAsync() => await Task.DisposeAsync();
    }
}
