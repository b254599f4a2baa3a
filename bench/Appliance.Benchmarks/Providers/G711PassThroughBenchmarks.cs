using Appliance.Media.Codecs;
using Appliance.Media.Jitter;
using Appliance.Media.Session;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime.Transport;
using Appliance.Providers.Realtime;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Providers;

/// <summary>
/// G.711 pass-through against the PCM path it replaces, one 20 ms frame per operation: media inbound (jitter → decode →
/// sink with the payload bytes, or resample to 16 kHz), the agent's append (bytes copied, or PCM re-encoded), and
/// playout (a frame's own bytes, or its PCM encoded).
/// </summary>
[MemoryDiagnoser]
public class G711PassThroughBenchmarks
{
    private const int FrameSamples = 160;

    private readonly byte[] _payload = new byte[FrameSamples];
    private readonly short[] _pcm = new short[FrameSamples];
    private readonly short[] _played = new short[FrameSamples];
    private readonly byte[] _bytes = new byte[FrameSamples];
    private readonly NullSink _sink = new();
    private readonly AudioFramePool _pool = new(FrameSamples);
    private InboundAudioPath _inbound8k = null!;
    private InboundAudioPath _inbound16k = null!;
    private RealtimeAgent _agent = null!;
    private CallAudioPort _port = null!;
    private AudioPlayout _playout = null!;
    private long _tick;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_payload);
        MuLaw.Decode(_payload, _pcm);
        CodecDescriptor pcmu = CodecRegistry.CreateDefault().TryGet(CodecRegistry.Pcmu, 8000, out CodecDescriptor? found)
            ? found
            : throw new InvalidOperationException("PCMU is not registered.");
        _inbound8k = new InboundAudioPath(pcmu, 8000, new JitterBufferOptions());
        _inbound16k = new InboundAudioPath(pcmu, 16000, new JitterBufferOptions());
        _port = new CallAudioPort(new CallAudioPortOptions { SampleRate = 8000 });
        var context = new AgentContext("bench", _port, TimeProvider.System) { Call = new CallInfo { CallId = "bench", Codec = "PCMU" } };
        _agent = RealtimeAgentFactory.Create(new RealtimeAgentOptions { Model = "m", SendBacklogMilliseconds = 200 }, new RealtimeAgentServices(), context);
        _playout = new AudioPlayout(8000, TimeSpan.FromMilliseconds(350));
    }

    [Benchmark]
    public void InboundPassThrough8k() => Inbound(_inbound8k);

    [Benchmark]
    public void InboundResampled16k() => Inbound(_inbound16k);

    [Benchmark]
    public void AgentAppendPayload() => _agent.SendAudio(_pcm, _payload, PayloadCodec.Pcmu);

    [Benchmark]
    public void AgentAppendReencoded() => _agent.SendAudio(_pcm);

    [Benchmark]
    public int PlayoutPayload()
    {
        _playout.Enqueue(_pool.Rent(8000, _pcm, PayloadCodec.Pcmu, _payload));
        return _playout.Read(_played, _bytes, PayloadCodec.Pcmu, out _);
    }

    [Benchmark]
    public int PlayoutEncoded()
    {
        _playout.Enqueue(_pool.Rent(8000, _pcm));
        return _playout.Read(_played, _bytes, PayloadCodec.Pcmu, out _);
    }

    private void Inbound(InboundAudioPath path)
    {
        long tick = _tick++;
        TimeSpan now = TimeSpan.FromMilliseconds(20 * tick);
        path.Push(now, 1, (ushort)tick, (uint)(tick * FrameSamples), false, _payload);
        path.PlayFrame(now, _sink);
    }

    private sealed class NullSink : IMediaAudioSink
    {
        public void OnInboundAudio(ReadOnlySpan<short> pcm)
        {
        }

        public void OnInboundAudio(ReadOnlySpan<short> pcm, ReadOnlySpan<byte> payload, PayloadCodec codec)
        {
        }
    }
}
