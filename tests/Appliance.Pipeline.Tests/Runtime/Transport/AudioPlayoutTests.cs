using Appliance.Media.Codecs;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime.Transport;

namespace Appliance.Pipeline.Tests.Runtime.Transport;

public class AudioPlayoutTests
{
    private readonly AudioFramePool _pool = new(320);

    [Fact]
    public void Reads_span_frame_boundaries_and_fill_the_rest_with_silence()
    {
        var playout = new AudioPlayout(8000, TimeSpan.FromMilliseconds(40));
        playout.Enqueue(Frame(1, 100));
        playout.Enqueue(Frame(2, 100));
        short[] buffer = new short[160];

        int played = playout.Read(buffer, default, PayloadCodec.None, out PlayoutEvent started);

        Assert.Equal(160, played);
        Assert.Equal(PlayoutEvent.Started, started);
        Assert.All(buffer.AsSpan(0, 100).ToArray(), s => Assert.Equal(1, s));
        Assert.All(buffer.AsSpan(100, 60).ToArray(), s => Assert.Equal(2, s));

        played = playout.Read(buffer, default, PayloadCodec.None, out PlayoutEvent none);
        Assert.Equal(40, played);
        Assert.Equal(PlayoutEvent.None, none);
        Assert.All(buffer.AsSpan(40).ToArray(), s => Assert.Equal(0, s));
        Assert.Equal(200, playout.PlayedSamples);
#if DEBUG
        Assert.Equal(0, _pool.Outstanding);
#endif
    }

    [Fact]
    public void Bot_stops_only_after_playout_ran_dry_for_the_configured_time()
    {
        var playout = new AudioPlayout(8000, TimeSpan.FromMilliseconds(40));
        playout.Enqueue(Frame(5, 160));
        short[] buffer = new short[160];
        playout.Read(buffer, default, PayloadCodec.None, out _);

        Assert.Equal(0, playout.Read(buffer, default, PayloadCodec.None, out PlayoutEvent first));
        Assert.Equal(PlayoutEvent.None, first);
        Assert.Equal(0, playout.Read(buffer, default, PayloadCodec.None, out PlayoutEvent second));
        Assert.Equal(PlayoutEvent.Stopped, second);
        Assert.Equal(0, playout.Read(buffer, default, PayloadCodec.None, out PlayoutEvent third));
        Assert.Equal(PlayoutEvent.None, third);
    }

    [Fact]
    public void Clear_silences_the_very_next_read_and_stops_the_bot_at_once()
    {
        var playout = new AudioPlayout(8000, TimeSpan.FromSeconds(1));
        for (int i = 0; i < 10; i++)
        {
            playout.Enqueue(Frame(7, 160));
        }

        short[] buffer = new short[160];
        playout.Read(buffer, default, PayloadCodec.None, out _);

        playout.Clear();

        Assert.Equal(0, playout.Read(buffer, default, PayloadCodec.None, out PlayoutEvent stopped));
        Assert.Equal(PlayoutEvent.Stopped, stopped);
        Assert.All(buffer, s => Assert.Equal(0, s));
        Assert.Equal(0, playout.QueuedSamples);
#if DEBUG
        Assert.Equal(0, _pool.Outstanding);
#endif
    }

    [Fact]
    public void Steady_playout_allocates_nothing()
    {
        var playout = new AudioPlayout(8000, TimeSpan.FromMilliseconds(40));
        short[] buffer = new short[160];
        for (int i = 0; i < 100; i++)
        {
            playout.Enqueue(Frame(1, 160));
            playout.Read(buffer, default, PayloadCodec.None, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            playout.Enqueue(_pool.Rent(8000, 160));
            playout.Read(buffer, default, PayloadCodec.None, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private AudioFrame Frame(short value, int samples)
    {
        AudioFrame frame = _pool.Rent(8000, samples);
        frame.Samples.Fill(value);
        return frame;
    }
}
