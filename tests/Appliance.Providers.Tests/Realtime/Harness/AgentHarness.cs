using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;
using Appliance.Pipeline.Runtime.Transport;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Tests.Realtime.Harness;

/// <summary>One call's pipeline around a realtime agent, as the call layer builds it: port input → agent → port output.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private AgentHarness(RealtimeAgentOptions options, RealtimeAgentServices services, int sampleRate, CallInfo? call, ICallActions? actions, Task<CallOutcome>? ended)
    {
        Port = new CallAudioPort(new CallAudioPortOptions { SampleRate = sampleRate });
        Agent = RealtimeAgentFactory.Create(options, services, new AgentContext("call-1", Port, TimeProvider.System) { Call = call, Actions = actions, Ended = ended });
        Frames = new FrameRecorder(Agent.Name);
        Task = new PipelineTask([Port.Input, Agent, Port.Output], new PipelineTaskOptions
        {
            Logger = Logger,
            Observer = Frames,
            QueueCapacity = 4096,
            AudioPool = new AudioFramePool(),
        });
    }

    public CallAudioPort Port { get; }

    public RealtimeAgent Agent { get; }

    public PipelineTask Task { get; }

    public ListLogger Logger { get; } = new();

    public FrameRecorder Frames { get; }

    public Task<PipelineEndResult> Completion => Task.Completion;

    /// <summary>Starts the call; <paramref name="call"/>, <paramref name="actions"/> and <paramref name="ended"/> stand in for the call layer's.</summary>
    public static async Task<AgentHarness> StartAsync(
        RealtimeAgentOptions options,
        int sampleRate = 16000,
        RealtimeAgentServices? services = null,
        CallInfo? call = null,
        ICallActions? actions = null,
        Task<CallOutcome>? ended = null)
    {
        var harness = new AgentHarness(options, services ?? new RealtimeAgentServices(), sampleRate, call, actions, ended);
        await harness.Task.StartAsync();
        return harness;
    }

    /// <summary>Feeds caller audio in 20 ms frames, as the media pacer does.</summary>
    public void Feed(ReadOnlySpan<short> pcm)
    {
        int frame = Port.SampleRate / 50;
        while (!pcm.IsEmpty)
        {
            int take = Math.Min(frame, pcm.Length);
            Port.OnInboundAudio(pcm[..take]);
            pcm = pcm[take..];
        }
    }

    /// <summary>Plays <paramref name="frames"/> 20 ms frames out, as the pacer does, and returns what was played.</summary>
    public short[] Play(int frames)
    {
        int frameSamples = Port.SampleRate / 50;
        var played = new short[frames * frameSamples];
        for (int i = 0; i < frames; i++)
        {
            Port.ReadOutbound(played.AsSpan(i * frameSamples, frameSamples));
        }

        return played;
    }

    public async ValueTask DisposeAsync() => await Task.DisposeAsync();
}
