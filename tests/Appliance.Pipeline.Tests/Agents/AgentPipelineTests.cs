using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Recording;
using Appliance.Pipeline.Runtime;
using Appliance.Pipeline.Tests.Runtime;
using Appliance.Pipeline.Tests.Turns;
using Appliance.Pipeline.Turns;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Pipeline.Tests.Agents;

public class AgentPipelineTests
{
    private const int Rate = 16000;
    private const int FrameSamples = 320;

    private readonly FrameLog _log = new();
    private readonly AudioFramePool _pool = new(FrameSamples);
    private readonly short[] _pulled = new short[FrameSamples];

    [Fact]
    public void Registry_knows_the_built_in_agents_by_name()
    {
        AgentRegistry registry = AgentRegistry.CreateDefault();

        Assert.True(registry.TryGet("ECHO", out AgentDefinition? echo));
        Assert.False(echo.UsesTurnTaking);
        Assert.True(registry.TryGet("parrot", out AgentDefinition? parrot));
        Assert.True(parrot.UsesTurnTaking);
        Assert.False(registry.TryGet("nobody", out _));
    }

    [Fact]
    public async Task Echo_loops_caller_audio_back_out()
    {
        await using CallPipeline call = await StartAsync("echo");

        for (short i = 1; i <= 5; i++)
        {
            Write(call, i);
        }

        await FlushAsync(call);

        for (short i = 1; i <= 5; i++)
        {
            Assert.Equal(FrameSamples, call.Port.ReadOutbound(_pulled));
            Assert.All(_pulled, s => Assert.Equal(i, s));
        }

        Assert.Equal(0, call.Port.ReadOutbound(_pulled));
    }

    [Fact]
    public async Task Parrot_repeats_the_utterance_after_the_turn_ends()
    {
        await using CallPipeline call = await StartAsync("parrot");

        for (short i = 0; i < 10; i++)
        {
            Write(call, (short)(2000 + i));
        }

        await FlushAsync(call);
        Assert.Equal(0, call.Port.ReadOutbound(_pulled));

        WriteSilence(call, 3);
        await _log.WaitForAsync<UserStoppedSpeakingFrame>("parrot");
        await FlushAsync(call);

        List<short> played = [];
        while (call.Port.ReadOutbound(_pulled) > 0)
        {
            played.Add(_pulled[0]);
        }

        // Exactly the speech: the VAD dates the stop back to where the silence began.
        Assert.Equal([2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009], played);
    }

    [Fact]
    public async Task Parrot_stops_at_once_when_the_user_interrupts()
    {
        await using CallPipeline call = await StartAsync("parrot");
        for (short i = 0; i < 50; i++)
        {
            Write(call, (short)(2000 + i));
        }

        WriteSilence(call, 3);
        await _log.WaitForAsync<UserStoppedSpeakingFrame>("parrot");
        await FlushAsync(call);
        Assert.Equal(FrameSamples, call.Port.ReadOutbound(_pulled));
        Assert.Equal(2000, _pulled[0]);
        await _log.WaitForAsync<BotStartedSpeakingFrame>("parrot", FrameDirection.Upstream);

        // 100 ms of speech over the bot: a cough, playback goes on.
        for (int i = 0; i < 5; i++)
        {
            Write(call, 9000);
        }

        await FlushAsync(call);
        Assert.Equal(FrameSamples, call.Port.ReadOutbound(_pulled));
        Assert.Equal(2001, _pulled[0]);

        // 400 ms more: the user means it.
        for (int i = 0; i < 20; i++)
        {
            Write(call, 9000);
        }

        await _log.WaitForAsync<InterruptionFrame>("transport-out");
        Assert.Equal(0, call.Port.ReadOutbound(_pulled));
        Assert.All(_pulled, s => Assert.Equal(0, s));
        Assert.Equal(2 * FrameSamples, call.Port.PlayedSamples);
    }

    [Fact]
    public async Task Parrot_turn_is_measured_from_user_stop_to_first_audio_played()
    {
        var time = new FakeTimeProvider();
        using var metrics = new PipelineMetrics();
        using var capture = new MetricCapture(metrics);
        await using CallPipeline call = await StartAsync("parrot", metrics, time);
        for (short i = 0; i < 10; i++)
        {
            Write(call, 3000);
        }

        WriteSilence(call, 3);
        await _log.WaitForAsync<UserStoppedSpeakingFrame>("transport-out");
        await FlushAsync(call);

        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(FrameSamples, call.Port.ReadOutbound(_pulled));

        Assert.Equal([250.0], capture.Values("appliance.pipeline.response_latency"));
        Assert.Equal([1.0], capture.Values("appliance.pipeline.turns"));
        Assert.NotEmpty(capture.Values("appliance.pipeline.processing_time", "parrot"));
        Assert.NotEmpty(capture.Values("appliance.pipeline.processing_time", "turns"));
        Assert.Single(capture.Values("appliance.pipeline.ttfb", "parrot"));
    }

    [Fact]
    public async Task Recorded_echo_call_leaves_a_stereo_wav_and_a_transcript()
    {
        string directory = Path.Combine(Path.GetTempPath(), "appliance-call-" + Guid.NewGuid().ToString("N"));
        try
        {
            CallPipeline call = await StartAsync("echo", recording: new RecordingOptions { Directory = directory, MinFreeBytes = 0 });
            for (int i = 0; i < 10; i++)
            {
                Write(call, 500);
                await FlushAsync(call);
                call.Port.ReadOutbound(_pulled);
            }

            for (int i = 0; i < 20; i++)
            {
                call.Port.ReadOutbound(_pulled);
            }

            await _log.WaitForAsync<BotStoppedSpeakingFrame>("transcript", FrameDirection.Upstream);
            call.End();
            Assert.Equal(PipelineEndReason.Ended, (await call.Completion.WaitAsync(TimeSpan.FromSeconds(10))).Reason);

            byte[] wav = await File.ReadAllBytesAsync(Path.Combine(directory, "test-call.wav"));
            Assert.Equal(2, BitConverter.ToInt16(wav, 22));
            Assert.Equal(Rate, BitConverter.ToInt32(wav, 24));
            string transcript = await File.ReadAllTextAsync(Path.Combine(directory, "test-call.json"));
            Assert.Contains("\"speaker\": \"Bot\"", transcript, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<CallPipeline> StartAsync(string agentName, PipelineMetrics? metrics = null, TimeProvider? time = null, RecordingOptions? recording = null)
    {
        Assert.True(AgentRegistry.CreateDefault().TryGet(agentName, out AgentDefinition? agent));
        CallPipeline call = CallPipeline.Create(agent, new CallPipelineOptions
        {
            CallId = "test-call",
            SampleRate = Rate,
            AudioPool = _pool,
            Observer = _log,
            Metrics = metrics,
            TimeProvider = time ?? TimeProvider.System,
            Recording = recording,
            VoiceActivityDetectorFactory = () => new ThresholdVad(),
            TurnTaking = new TurnTakingOptions { MinInterruptionDuration = TimeSpan.FromMilliseconds(400) },
        });
        await call.StartAsync();
        return call;
    }

    private void Write(CallPipeline call, short value)
    {
        Span<short> pcm = stackalloc short[FrameSamples];
        pcm.Fill(value);
        call.Port.OnInboundAudio(pcm);
    }

    private void WriteSilence(CallPipeline call, int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            Write(call, 0);
        }
    }

    private async Task FlushAsync(CallPipeline call)
    {
        var marker = new TextFrame(Guid.NewGuid().ToString());
        call.PipelineTask.QueueFrame(marker);
        await _log.WaitForAsync(e => e.Source == "transport-out" && ReferenceEquals(e.Frame, marker));
    }
}
