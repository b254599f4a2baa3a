using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Tests.Runtime;

public class FrameQueueTests
{
    [Fact]
    public void System_frame_is_taken_before_a_data_backlog()
    {
        var queue = new FrameQueue(capacity: 8);
        queue.Enqueue(new TextFrame("a"), FrameDirection.Downstream);
        queue.Enqueue(new TextFrame("b"), FrameDirection.Downstream);
        queue.Enqueue(new DtmfFrame('5'), FrameDirection.Downstream);

        Assert.Equal(DequeueStatus.Frame, queue.TryDequeueOrArm(out QueuedFrame first));
        Assert.IsType<DtmfFrame>(first.Frame);
        queue.TryDequeueOrArm(out QueuedFrame second);
        Assert.Equal("a", Assert.IsType<TextFrame>(second.Frame).Text);
    }

    [Fact]
    public void Interruption_drops_queued_interruptible_frames_and_keeps_uninterruptible_ones()
    {
        var pool = new AudioFramePool(320);
        var queue = new FrameQueue(capacity: 8);
        var settings = new SettingsUpdateFrame(new Dictionary<string, string> { ["voice"] = "alloy" });
        queue.Enqueue(pool.Rent(16000, 320), FrameDirection.Downstream);
        queue.Enqueue(LlmResponseStartedFrame.Instance, FrameDirection.Downstream);
        queue.Enqueue(settings, FrameDirection.Downstream);
        queue.Enqueue(new TextFrame("upstream survives a downstream interruption"), FrameDirection.Upstream);
        queue.Enqueue(new TextFrame("dropped"), FrameDirection.Downstream);
        queue.Enqueue(EndFrame.Instance, FrameDirection.Downstream);

        queue.Enqueue(InterruptionFrame.Instance, FrameDirection.Downstream);

        List<Frame> left = [];
        while (queue.TryDequeueOrArm(out QueuedFrame item) == DequeueStatus.Frame)
        {
            left.Add(item.Frame);
        }

        Assert.Collection(
            left,
            f => Assert.Same(InterruptionFrame.Instance, f),
            f => Assert.Same(settings, f),
            f => Assert.IsType<TextFrame>(f),
            f => Assert.Same(EndFrame.Instance, f));
#if DEBUG
        Assert.Equal(0, pool.Outstanding);
#endif
    }

    [Fact]
    public void A_full_consumer_holds_back_ordered_frames_but_not_system_frames()
    {
        var producer = new FrameQueue(capacity: 4);
        var consumer = new FrameQueue(capacity: 1) { Producer = producer };
        producer.Consumer = consumer;
        consumer.Enqueue(new TextFrame("fills the consumer"), FrameDirection.Downstream);
        producer.Enqueue(new TextFrame("waits"), FrameDirection.Downstream);

        Assert.Equal(DequeueStatus.Wait, producer.TryDequeueOrArm(out _));
        ValueTask woken = producer.WaitAsync();
        Assert.False(woken.IsCompleted);

        producer.Enqueue(CancelFrame.Instance, FrameDirection.Downstream);
        Assert.True(woken.IsCompleted);
        Assert.Equal(DequeueStatus.Frame, producer.TryDequeueOrArm(out QueuedFrame system));
        Assert.Same(CancelFrame.Instance, system.Frame);

        Assert.Equal(DequeueStatus.Wait, producer.TryDequeueOrArm(out _));
        woken = producer.WaitAsync();
        consumer.TryDequeueOrArm(out _);
        Assert.True(woken.IsCompleted);
        Assert.Equal(DequeueStatus.Frame, producer.TryDequeueOrArm(out QueuedFrame ordered));
        Assert.Equal("waits", Assert.IsType<TextFrame>(ordered.Frame).Text);
    }

    [Fact]
    public void Close_releases_queued_frames_and_refuses_new_ones()
    {
        var pool = new AudioFramePool(320);
        var queue = new FrameQueue(capacity: 4);
        queue.Enqueue(pool.Rent(8000, 160), FrameDirection.Downstream);

        queue.Close();

        Assert.False(queue.Enqueue(pool.Rent(8000, 160), FrameDirection.Downstream));
        Assert.Equal(DequeueStatus.Closed, queue.TryDequeueOrArm(out _));
#if DEBUG
        Assert.Equal(0, pool.Outstanding);
#endif
    }
}
