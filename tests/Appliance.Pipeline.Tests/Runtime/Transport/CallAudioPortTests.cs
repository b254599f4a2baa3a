using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;
using Appliance.Pipeline.Runtime.Transport;
using Appliance.Pipeline.Tests.Runtime;

namespace Appliance.Pipeline.Tests.Runtime.Transport;

public class CallAudioPortTests
{
    private const int Rate = 8000;
    private const int FrameSamples = 160;

    [Fact]
    public async Task Bot_started_and_stopped_follow_actual_playout()
    {
        var log = new FrameLog();
        var pool = new AudioFramePool(FrameSamples);
        var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = Rate, BotStoppedAfter = TimeSpan.FromMilliseconds(60) });
        await using var task = new PipelineTask([port.Input, port.Output], new PipelineTaskOptions { Observer = log, AudioPool = pool });
        await task.StartAsync();
        short[] pcm = new short[FrameSamples];
        short[] pulled = new short[FrameSamples];

        Assert.Equal(0, port.ReadOutbound(pulled));
        for (short i = 1; i <= 3; i++)
        {
            pcm.AsSpan().Fill(i);
            port.OnInboundAudio(pcm);
        }

        await FlushAsync(task, log);
        Assert.Equal(0, log.Count<BotStartedSpeakingFrame>("transport-out", FrameDirection.Upstream));

        Assert.Equal(FrameSamples, port.ReadOutbound(pulled));
        Assert.Equal(1, log.Count<BotStartedSpeakingFrame>("transport-out", FrameDirection.Upstream));
        Assert.All(pulled, s => Assert.Equal(1, s));
        port.ReadOutbound(pulled);
        port.ReadOutbound(pulled);
        Assert.Equal(3 * FrameSamples, port.PlayedSamples);
        Assert.Equal(60, port.PlayedMilliseconds);

        Assert.Equal(0, port.ReadOutbound(pulled));
        Assert.Equal(0, port.ReadOutbound(pulled));
        Assert.Equal(0, log.Count<BotStoppedSpeakingFrame>("transport-out", FrameDirection.Upstream));
        port.ReadOutbound(pulled);
        Assert.Equal(1, log.Count<BotStoppedSpeakingFrame>("transport-out", FrameDirection.Upstream));
#if DEBUG
        Assert.Equal(0, pool.Outstanding);
#endif
    }

    [Fact]
    public async Task Interruption_clears_outbound_audio_within_one_pull()
    {
        var log = new FrameLog();
        var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = Rate });
        await using var task = new PipelineTask([port.Input, port.Output], new PipelineTaskOptions { Observer = log, AudioPool = new AudioFramePool(FrameSamples) });
        await task.StartAsync();
        short[] pcm = new short[FrameSamples];
        pcm.AsSpan().Fill(1234);
        for (int i = 0; i < 50; i++)
        {
            port.OnInboundAudio(pcm);
        }

        await FlushAsync(task, log);
        short[] pulled = new short[FrameSamples];
        Assert.Equal(FrameSamples, port.ReadOutbound(pulled));

        task.QueueFrame(InterruptionFrame.Instance);
        await log.WaitForAsync<InterruptionFrame>("transport-out");

        Assert.Equal(0, port.ReadOutbound(pulled));
        Assert.All(pulled, s => Assert.Equal(0, s));
        Assert.Equal(1, log.Count<BotStoppedSpeakingFrame>("transport-out", FrameDirection.Upstream));
        Assert.Equal(0, port.QueuedOutboundSamples);
    }

    [Fact]
    public async Task Inbound_audio_is_shed_not_queued_when_the_pipeline_falls_behind()
    {
        var gate = new GateProcessor();
        var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = Rate });
        var pool = new AudioFramePool(FrameSamples);
        await using var task = new PipelineTask([port.Input, gate, port.Output], new PipelineTaskOptions { QueueCapacity = 4, AudioPool = pool });
        await task.StartAsync();
        short[] pcm = new short[FrameSamples];

        for (int i = 0; i < 20; i++)
        {
            port.OnInboundAudio(pcm);
        }

        Assert.True(port.InboundDropped > 0);
        await task.CancelAsync();
#if DEBUG
        Assert.Equal(0, pool.Outstanding);
#endif
    }

    [Fact]
    public void Writes_before_the_pipeline_exists_are_dropped_quietly()
    {
        var port = new CallAudioPort();

        port.OnInboundAudio(new short[320]);
        port.WriteDtmf('1');

        Assert.Equal(1, port.InboundDropped);
        Assert.Equal(0, port.ReadOutbound(new short[320]));
    }

    [Fact]
    public async Task Graceful_end_lets_queued_audio_play_out_first()
    {
        var log = new FrameLog();
        var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = Rate });
        var endWatch = new EndWatch(port, log);
        await using var task = new PipelineTask([port.Input, port.Output], new PipelineTaskOptions { Observer = endWatch, AudioPool = new AudioFramePool(FrameSamples) });
        await task.StartAsync();
        short[] pcm = new short[FrameSamples];
        pcm.AsSpan().Fill(99);
        for (int i = 0; i < 3; i++)
        {
            port.OnInboundAudio(pcm);
        }

        await FlushAsync(task, log);
        task.End();
        await log.WaitForAsync<EndFrame>("transport-in");
        Assert.False(task.Completion.IsCompleted);

        short[] pulled = new short[FrameSamples];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(FrameSamples, port.ReadOutbound(pulled));
        }

        PipelineEndResult result = await task.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.Ended, result.Reason);
        Assert.Equal(0, endWatch.QueuedWhenEndLeft);
    }

    // Frames are ordered, so once a marker queued behind the audio has left the pipeline, the audio is in playout.
    internal static async Task FlushAsync(PipelineTask task, FrameLog log)
    {
        var marker = new TextFrame(Guid.NewGuid().ToString());
        task.QueueFrame(marker);
        await log.WaitForAsync(e => e.Source == "transport-out" && ReferenceEquals(e.Frame, marker));
    }

    /// <summary>Notes how much bot audio was still queued when the end frame left the output transport.</summary>
    private sealed class EndWatch(CallAudioPort port, FrameLog log) : IFrameObserver
    {
        public long QueuedWhenEndLeft { get; private set; } = -1;

        public void OnFramePushed(FrameProcessor source, Frame frame, FrameDirection direction)
        {
            if (frame is EndFrame && source == port.Output)
            {
                QueuedWhenEndLeft = port.QueuedOutboundSamples;
            }

            log.OnFramePushed(source, frame, direction);
        }
    }
}
