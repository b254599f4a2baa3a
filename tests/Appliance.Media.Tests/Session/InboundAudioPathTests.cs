using Appliance.Media.Codecs;
using Appliance.Media.Jitter;
using Appliance.Media.Session;

namespace Appliance.Media.Tests.Session;

public sealed class InboundAudioPathTests
{
    private sealed class CountingSink : IMediaAudioSink
    {
        public long Samples { get; private set; }
        public long Audible { get; private set; }

        public void OnInboundAudio(ReadOnlySpan<short> samples)
        {
            Samples += samples.Length;
            foreach (var s in samples)
            {
                Audible += s != 0 ? 1 : 0;
            }
        }
    }

    [Theory]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(60)]
    public void Packets_of_any_ptime_play_out_in_real_time(int ptime)
    {
        Assert.True(CodecRegistry.CreateDefault().TryGet("PCMU", 8000, out var pcmu));
        using var path = new InboundAudioPath(pcmu!, 8000, new JitterBufferOptions { ClockRate = 8000 });
        var sink = new CountingSink();
        var packet = new byte[8 * ptime];
        Array.Fill(packet, MuLaw.Encode(1000));

        // Packets arrive on time for 6 s; the pacer ticks every 20 ms.
        var packets = 6000 / ptime;
        var sent = 0;
        for (var tick = 0; tick < 300; tick++)
        {
            var now = TimeSpan.FromMilliseconds(tick * 20);
            while (sent < packets && sent * ptime <= tick * 20)
            {
                path.Push(now, 0x1234, (ushort)sent, (uint)(sent * 8 * ptime), sent == 0, packet);
                sent++;
            }
            path.PlayFrame(now, sink);
        }

        // Exactly one tick of audio per tick, and (after priming) the packets' audio, not gaps.
        Assert.Equal(300 * 160, sink.Samples);
        Assert.InRange(sink.Audible, 300 * 160 - (8 * 200), 300 * 160);
        Assert.Equal(0, path.Statistics.Lost);
        Assert.InRange(path.Statistics.Depth, 0, 4);
    }
}
