using Appliance.Providers.Realtime;

namespace Appliance.Providers.Tests.Realtime;

public sealed class SendQueueTests
{
    [Fact]
    public void Full_audio_lane_drops_the_oldest_audio_and_counts_it_but_never_control_events()
    {
        var pool = new OutboundMessagePool(64);
        var queue = new SendQueue(pool, audioCapacity: 3);
        OutboundMessage[] audio = [.. Enumerable.Range(0, 5).Select(i => Audio(pool, i))];
        OutboundMessage control = pool.Rent();
        control.Write("{\"type\":\"response.create\"}"u8);

        Assert.True(queue.EnqueueAudio(audio[0]));
        Assert.True(queue.EnqueueAudio(audio[1]));
        Assert.True(queue.EnqueueAudio(audio[2]));
        queue.EnqueueControl(control);
        Assert.False(queue.EnqueueAudio(audio[3]));
        Assert.False(queue.EnqueueAudio(audio[4]));

        Assert.Equal(2, queue.Dropped);
        Assert.True(queue.TryDequeueOrArm(out OutboundMessage? first));
        Assert.Same(control, first);
        Assert.True(queue.TryDequeueOrArm(out OutboundMessage? a));
        Assert.True(queue.TryDequeueOrArm(out OutboundMessage? b));
        Assert.True(queue.TryDequeueOrArm(out OutboundMessage? c));
        Assert.Equal([2, 3, 4], new[] { a!, b!, c! }.Select(m => (int)m.Memory.Span[0]));
        Assert.False(queue.TryDequeueOrArm(out _));
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_a_message_arrives()
    {
        var pool = new OutboundMessagePool(64);
        var queue = new SendQueue(pool, audioCapacity: 4);
        Assert.False(queue.TryDequeueOrArm(out _));
        ValueTask wait = queue.WaitAsync();
        Assert.False(wait.IsCompleted);

        queue.EnqueueAudio(Audio(pool, 9));

        await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(queue.TryDequeueOrArm(out OutboundMessage? message));
        Assert.Equal(9, message!.Memory.Span[0]);
    }

    private static OutboundMessage Audio(OutboundMessagePool pool, int marker)
    {
        OutboundMessage message = pool.Rent();
        message.IsAudio = true;
        message.Write([(byte)marker]);
        return message;
    }
}
