using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;
using Appliance.Pipeline.Tests.Runtime;
using Appliance.Pipeline.Turns;

namespace Appliance.Pipeline.Tests.Turns;

public class UserTurnProcessorTests
{
    private const int Rate = 16000;
    private const int FrameSamples = 320;

    private readonly FrameLog _log = new();
    private readonly AudioFramePool _pool = new(FrameSamples);
    private readonly InjectorProcessor _tail = new("tail");

    [Fact]
    public async Task Emits_user_started_and_stopped_with_stream_times()
    {
        await using PipelineTask task = await StartAsync(new UserTurnProcessor(new ThresholdVad()));

        Feed(task, silent: 5, speech: 10, silentAfter: 5);
        await FlushAsync(task);

        var started = (UserStartedSpeakingFrame)_log.Entries.Single(e => e.Source == "turns" && e.Frame is UserStartedSpeakingFrame).Frame!;
        var stopped = (UserStoppedSpeakingFrame)_log.Entries.Single(e => e.Source == "turns" && e.Frame is UserStoppedSpeakingFrame).Frame!;
        Assert.Equal(TimeSpan.FromMilliseconds(100), started.At);
        Assert.Equal(TimeSpan.FromMilliseconds(300), stopped.At);
        Assert.Equal(20, _log.Count<AudioFrame>("tail"));
    }

    [Fact]
    public async Task A_cough_over_the_bot_does_not_interrupt_it()
    {
        await using PipelineTask task = await StartAsync(new UserTurnProcessor(new ThresholdVad(), options: new TurnTakingOptions { MinInterruptionDuration = TimeSpan.FromMilliseconds(400) }));
        await BotStartsSpeakingAsync();

        Feed(task, silent: 0, speech: 5, silentAfter: 5);
        await FlushAsync(task);

        Assert.Equal(0, _log.Count<InterruptionFrame>("turns"));
        Assert.Equal(1, _log.Count<UserStartedSpeakingFrame>("turns"));
    }

    [Fact]
    public async Task Speaking_over_the_bot_long_enough_interrupts_it_once()
    {
        await using PipelineTask task = await StartAsync(new UserTurnProcessor(new ThresholdVad(), options: new TurnTakingOptions { MinInterruptionDuration = TimeSpan.FromMilliseconds(400) }));
        await BotStartsSpeakingAsync();

        Feed(task, silent: 0, speech: 30, silentAfter: 0);
        await FlushAsync(task);

        Assert.Equal(1, _log.Count<InterruptionFrame>("turns"));
        // Decided while handling the 20th speech frame (400 ms heard), so it goes out ahead of that frame.
        int interruptionAt = _log.TypesFrom("turns").IndexOf(typeof(InterruptionFrame));
        Assert.Equal(19, _log.TypesFrom("turns").Take(interruptionAt).Count(t => t == typeof(AudioFrame)));
    }

    [Fact]
    public async Task No_interruption_while_the_bot_is_silent()
    {
        await using PipelineTask task = await StartAsync(new UserTurnProcessor(new ThresholdVad()));

        Feed(task, silent: 0, speech: 40, silentAfter: 5);
        await FlushAsync(task);

        Assert.Equal(0, _log.Count<InterruptionFrame>("turns"));
    }

    [Fact]
    public async Task Completion_model_keeps_an_unfinished_turn_open_until_the_timeout()
    {
        var model = new NeverCompleteModel();
        await using PipelineTask task = await StartAsync(new UserTurnProcessor(new ThresholdVad(), model, new TurnTakingOptions { IncompleteTurnTimeout = TimeSpan.FromMilliseconds(500) }));

        Feed(task, silent: 0, speech: 10, silentAfter: 10);
        await FlushAsync(task);
        Assert.Equal(0, _log.Count<UserStoppedSpeakingFrame>("turns"));
        Assert.Equal(1, model.Calls);
        Assert.Equal(10 * FrameSamples + (3 * FrameSamples), model.LastWindowLength);

        Feed(task, silent: 20, speech: 0, silentAfter: 0);
        await FlushAsync(task);
        var stopped = (UserStoppedSpeakingFrame)_log.Entries.Single(e => e.Source == "turns" && e.Frame is UserStoppedSpeakingFrame).Frame!;
        Assert.Equal(TimeSpan.FromMilliseconds(200), stopped.At);
    }

    private async Task<PipelineTask> StartAsync(UserTurnProcessor turns)
    {
        var task = new PipelineTask([turns, _tail], new PipelineTaskOptions { Observer = _log, AudioPool = _pool });
        await task.StartAsync();
        return task;
    }

    private async Task BotStartsSpeakingAsync()
    {
        _tail.Inject(BotStartedSpeakingFrame.Instance, FrameDirection.Upstream);
        await _log.WaitForAsync<BotStartedSpeakingFrame>("turns", FrameDirection.Upstream);
    }

    private void Feed(PipelineTask task, int silent, int speech, int silentAfter)
    {
        for (int i = 0; i < silent + speech + silentAfter; i++)
        {
            AudioFrame frame = _pool.Rent(Rate, FrameSamples);
            frame.Samples.Fill(i >= silent && i < silent + speech ? (short)5000 : (short)0);
            task.QueueFrame(frame);
        }
    }

    private async Task FlushAsync(PipelineTask task)
    {
        var marker = new TextFrame(Guid.NewGuid().ToString());
        task.QueueFrame(marker);
        await _log.WaitForAsync(e => e.Source == "tail" && ReferenceEquals(e.Frame, marker));
    }

    private sealed class NeverCompleteModel : ITurnCompletionModel
    {
        public int Calls { get; private set; }

        public int LastWindowLength { get; private set; }

        public bool IsTurnComplete(ReadOnlySpan<short> turnAudio, int sampleRate)
        {
            Calls++;
            LastWindowLength = turnAudio.Length;
            return false;
        }
    }
}
