using Appliance.Pipeline.Frames;

namespace Appliance.Pipeline.Tests.Frames;

public class AudioFramePoolTests
{
    [Fact]
    public void Released_frames_are_reused_with_fresh_metadata()
    {
        var pool = new AudioFramePool(frameCapacity: 320);
        AudioFrame first = pool.Rent(16000, 320);
        first.Release();

        AudioFrame second = pool.Rent(8000, 160);

        Assert.Same(first, second);
        Assert.Equal(8000, second.SampleRate);
        Assert.Equal(160, second.Samples.Length);
        Assert.Equal(TimeSpan.FromMilliseconds(20), second.Duration);
        Assert.Equal(1, pool.Created);
        second.Release();
    }

    [Fact]
    public void Rent_copies_the_given_samples()
    {
        var pool = new AudioFramePool(frameCapacity: 4);

        AudioFrame frame = pool.Rent(8000, [1, 2, 3]);

        Assert.Equal([1, 2, 3], frame.Samples.ToArray());
        frame.Release();
    }

    [Fact]
    public void Frames_larger_than_the_capacity_are_refused()
    {
        var pool = new AudioFramePool(frameCapacity: 160);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(8000, 161));
    }

    [Fact]
    public void Renting_and_releasing_in_steady_state_allocates_nothing()
    {
        var pool = new AudioFramePool(frameCapacity: 320);
        pool.Rent(16000, 320).Release();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            pool.Rent(16000, 320).Release();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

#if DEBUG
    [Fact]
    public void Debug_builds_count_outstanding_frames_and_catch_a_double_release()
    {
        var pool = new AudioFramePool(frameCapacity: 320);
        AudioFrame frame = pool.Rent(16000, 320);
        Assert.Equal(1, pool.Outstanding);

        frame.Release();

        Assert.Equal(0, pool.Outstanding);
        Assert.Throws<InvalidOperationException>(frame.Release);
        Assert.Equal(0, pool.Outstanding);
    }
#endif
}
