using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Pipeline.Tests.Runtime;

public class PipelineTaskTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task System_frame_overtakes_a_data_backlog()
    {
        var log = new FrameLog();
        var gate = new GateProcessor();
        await using var task = new PipelineTask([gate], new PipelineTaskOptions { Observer = log });
        await task.StartAsync();

        for (int i = 0; i < 5; i++)
        {
            task.QueueFrame(new TextFrame($"t{i}"));
        }

        await gate.Holding;
        task.QueueFrame(new DtmfFrame('7'));
        gate.Open();
        await log.WaitForAsync(e => e.Source == "gate" && e.Frame is TextFrame { Text: "t4" });

        List<string> order = [.. log.Entries.Where(e => e.Source == "gate" && e.Frame is TextFrame or DtmfFrame).Select(Describe)];
        Assert.Equal(["t0", "dtmf 7", "t1", "t2", "t3", "t4"], order);
    }

    [Fact]
    public async Task Interruption_drops_interruptible_backlog_and_keeps_uninterruptible_frames()
    {
        var log = new FrameLog();
        var gate = new GateProcessor();
        await using var task = new PipelineTask([new PassThroughProcessor("head"), gate], new PipelineTaskOptions { Observer = log });
        await task.StartAsync();

        task.QueueFrame(new TextFrame("held"));
        await gate.Holding;
        task.QueueFrame(new TextFrame("stale"));
        task.QueueFrame(TtsStartedFrame.Instance);
        task.QueueFrame(new SettingsUpdateFrame(new Dictionary<string, string> { ["voice"] = "x" }));
        task.QueueFrame(new TextFrame("stale too"));
        await log.WaitForAsync(e => e.Source == "head" && e.Frame is TextFrame { Text: "stale too" });
        task.QueueFrame(InterruptionFrame.Instance);
        await log.WaitForAsync<InterruptionFrame>("head");
        task.QueueFrame(new TextFrame("after"));
        await log.WaitForAsync(e => e.Source == "head" && e.Frame is TextFrame { Text: "after" });
        gate.Open();
        await log.WaitForAsync(e => e.Source == "gate" && e.Frame is TextFrame { Text: "after" });

        // The gate is last, so what it pushes is what reached the end, in order.
        List<Type> atEnd = [.. log.TypesFrom("gate").Where(t => t != typeof(StartFrame))];
        Assert.Equal([typeof(TextFrame), typeof(InterruptionFrame), typeof(SettingsUpdateFrame), typeof(TextFrame)], atEnd);
        Assert.Equal(["held", "after"], log.Entries.Where(e => e.Source == "gate" && e.Frame is TextFrame).Select(Describe));
    }

    [Fact]
    public async Task Processor_exception_becomes_an_upstream_error_frame_and_the_call_goes_on()
    {
        var log = new FrameLog();
        await using var task = new PipelineTask([new PassThroughProcessor("head"), new ThrowingProcessor(), new PassThroughProcessor("sink")], new PipelineTaskOptions { Observer = log });
        await task.StartAsync();

        task.QueueFrame(new TextFrame("boom"));
        task.QueueFrame(new TextFrame("fine"));

        await log.WaitForAsync(e => e.Source == "sink" && e.Frame is TextFrame { Text: "fine" });
        await log.WaitForAsync<ErrorFrame>("head", FrameDirection.Upstream);
        ErrorFrame error = (ErrorFrame)log.Entries.First(e => e.Frame is ErrorFrame).Frame!;
        Assert.Equal("thrower", error.Source);
        Assert.False(error.Fatal);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.False(task.Completion.IsCompleted);
    }

    [Fact]
    public async Task Fatal_error_frame_ends_the_task_with_its_reason()
    {
        var injector = new InjectorProcessor();
        await using var task = new PipelineTask([new PassThroughProcessor("head"), injector]);
        await task.StartAsync();

        injector.Inject(new ErrorFrame("provider socket closed", fatal: true, "realtime"), FrameDirection.Upstream);

        PipelineEndResult result = await task.Completion.WaitAsync(Patience);
        Assert.Equal(PipelineEndReason.FatalError, result.Reason);
        Assert.Equal("realtime: provider socket closed", result.Detail);
    }

    [Fact]
    public async Task End_flushes_the_backlog_through_to_the_sink()
    {
        var log = new FrameLog();
        var pool = new AudioFramePool(320);
        var gate = new GateProcessor();
        await using var task = new PipelineTask([gate, new PassThroughProcessor("sink")], new PipelineTaskOptions { Observer = log, AudioPool = pool });
        await task.StartAsync();

        for (int i = 0; i < 10; i++)
        {
            task.QueueFrame(pool.Rent(16000, 320));
        }

        await gate.Holding;
        task.End();
        gate.Open();

        PipelineEndResult result = await task.Completion.WaitAsync(Patience);
        Assert.Equal(PipelineEndReason.Ended, result.Reason);
        Assert.Equal(10, log.Count<AudioFrame>("sink"));
        Assert.Equal(typeof(EndFrame), log.TypesFrom("sink")[^1]);
#if DEBUG
        Assert.Equal(0, pool.Outstanding);
#endif
    }

    [Fact]
    public async Task Cancel_drops_the_backlog()
    {
        var log = new FrameLog();
        var pool = new AudioFramePool(320);
        var gate = new GateProcessor();
        await using var task = new PipelineTask([gate, new PassThroughProcessor("sink")], new PipelineTaskOptions { Observer = log, AudioPool = pool });
        await task.StartAsync();

        for (int i = 0; i < 10; i++)
        {
            task.QueueFrame(pool.Rent(16000, 320));
        }

        await gate.Holding;
        Task<PipelineEndResult> cancelled = task.CancelAsync("caller hung up");
        gate.Open();

        PipelineEndResult result = await cancelled.WaitAsync(Patience);
        Assert.Equal(PipelineEndReason.Cancelled, result.Reason);
        Assert.True(log.Count<AudioFrame>("sink") <= 1, "only the frame already being processed may get through");
        Assert.False(task.QueueFrame(new TextFrame("late")));
#if DEBUG
        Assert.Equal(0, pool.Outstanding);
#endif
    }

    [Fact]
    public async Task Idle_timeout_ends_the_task_when_nothing_happens()
    {
        var time = new FakeTimeProvider();
        var log = new FrameLog();
        await using var task = new PipelineTask([new PassThroughProcessor("sink")], new PipelineTaskOptions { TimeProvider = time, IdleTimeout = TimeSpan.FromSeconds(30), Observer = log });
        await task.StartAsync();

        time.Advance(TimeSpan.FromSeconds(29));
        task.QueueFrame(new DtmfFrame('1'));
        await log.WaitForAsync<DtmfFrame>("sink");
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(task.Completion.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));

        PipelineEndResult result = await task.Completion.WaitAsync(Patience);
        Assert.Equal(PipelineEndReason.IdleTimeout, result.Reason);
    }

    [Fact]
    public async Task Failed_start_ends_the_task_as_fatal()
    {
        await using var task = new PipelineTask([new FailingStartProcessor()]);

        await task.StartAsync();

        PipelineEndResult result = await task.Completion.WaitAsync(Patience);
        Assert.Equal(PipelineEndReason.FatalError, result.Reason);
        Assert.Contains("no credentials", result.Detail, StringComparison.Ordinal);
    }

    private static string Describe(FrameLog.Entry entry) => entry.Frame switch
    {
        TextFrame text => text.Text,
        DtmfFrame dtmf => $"dtmf {dtmf.Digit}",
        _ => entry.FrameType.Name,
    };

    private sealed class FailingStartProcessor() : FrameProcessor("failing")
    {
        protected internal override ValueTask OnStartAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no credentials");
    }
}
