using Appliance.Media.Codecs;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;
using Appliance.Pipeline.Runtime.Transport;

namespace Appliance.Pipeline.Tests.Runtime.Transport;

/// <summary>G.711 bytes travelling beside the PCM: media → frames → playout → media, untouched.</summary>
public class PayloadPassThroughTests
{
    private const int Rate = 8000;
    private const int FrameSamples = 160;

    [Fact]
    public async Task Inbound_payload_rides_the_frames_and_plays_out_byte_identical()
    {
        var log = new FrameLog();
        var pool = new AudioFramePool(FrameSamples);
        var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = Rate });
        await using var task = new PipelineTask([port.Input, port.Output], new PipelineTaskOptions { Observer = log, AudioPool = pool });
        await task.StartAsync();
        byte[] payload = EveryCode(3 * FrameSamples);
        short[] pcm = Decode(PayloadCodec.Pcmu, payload);

        // One call of 60 ms is cut into pool-sized frames, each with its own slice of the bytes.
        port.OnInboundAudio(pcm, payload, PayloadCodec.Pcmu);
        await CallAudioPortTests.FlushAsync(task, log);

        short[] played = new short[pcm.Length];
        byte[] bytes = new byte[payload.Length];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(FrameSamples, port.ReadOutbound(played.AsSpan(i * FrameSamples, FrameSamples), bytes.AsSpan(i * FrameSamples, FrameSamples), PayloadCodec.Pcmu));
        }

        Assert.Equal(pcm, played);
        Assert.Equal(payload, bytes); // 0x7F included, which a PCM round trip would turn into 0xFF
#if DEBUG
        Assert.Equal(0, pool.Outstanding);
#endif
    }

    [Fact]
    public async Task Inbound_payload_that_does_not_line_up_with_the_samples_is_dropped()
    {
        var log = new FrameLog();
        var pool = new AudioFramePool(FrameSamples);
        var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = Rate });
        await using var task = new PipelineTask([port.Input, port.Output], new PipelineTaskOptions { Observer = log, AudioPool = pool });
        await task.StartAsync();
        short[] pcm = new short[FrameSamples];
        pcm.AsSpan().Fill(-1);

        port.OnInboundAudio(pcm, new byte[FrameSamples - 1], PayloadCodec.Pcmu);
        await CallAudioPortTests.FlushAsync(task, log);

        byte[] bytes = new byte[FrameSamples];
        Assert.Equal(FrameSamples, port.ReadOutbound(new short[FrameSamples], bytes, PayloadCodec.Pcmu));
        Assert.All(bytes, b => Assert.Equal(MuLaw.Encode(-1), b));
    }

    [Fact]
    public void Playout_sends_a_frames_bytes_in_the_calls_codec_and_encodes_the_rest()
    {
        var pool = new AudioFramePool(FrameSamples);
        var playout = new AudioPlayout(Rate, TimeSpan.FromMilliseconds(40));
        byte[] muLaw = EveryCode(FrameSamples);
        short[] muPcm = Decode(PayloadCodec.Pcmu, muLaw);
        byte[] aLaw = EveryCode(FrameSamples);
        short[] aPcm = Decode(PayloadCodec.Pcma, aLaw);
        short[] plain = new short[FrameSamples / 2];
        plain.AsSpan().Fill(1000);

        // Reads of 100 samples straddle the frames: µ-law bytes (the call's codec), A-law bytes, PCM only.
        playout.Enqueue(pool.Rent(Rate, muPcm, PayloadCodec.Pcmu, muLaw));
        playout.Enqueue(pool.Rent(Rate, aPcm, PayloadCodec.Pcma, aLaw));
        playout.Enqueue(pool.Rent(Rate, plain));
        int total = muPcm.Length + aPcm.Length + plain.Length;
        short[] played = new short[total + 100];
        byte[] bytes = new byte[total + 100];
        int written = 0;
        for (int offset = 0; offset < played.Length; offset += 100)
        {
            written += playout.Read(played.AsSpan(offset, 100), bytes.AsSpan(offset, 100), PayloadCodec.Pcmu, out _);
        }

        Assert.Equal(total, written);
        Assert.Equal(muLaw, bytes[..FrameSamples]);
        Assert.Equal(Encode(PayloadCodec.Pcmu, aPcm), bytes[FrameSamples..(2 * FrameSamples)]);
        Assert.Equal(Encode(PayloadCodec.Pcmu, plain), bytes[(2 * FrameSamples)..total]);
        Assert.Equal([.. muPcm, .. aPcm, .. plain], played[..total]);
#if DEBUG
        Assert.Equal(0, pool.Outstanding);
#endif
    }

    [Fact]
    public void Playout_without_a_codec_leaves_the_payload_alone()
    {
        var pool = new AudioFramePool(FrameSamples);
        var playout = new AudioPlayout(Rate, TimeSpan.FromMilliseconds(40));
        playout.Enqueue(pool.Rent(Rate, new short[FrameSamples], PayloadCodec.Pcmu, EveryCode(FrameSamples)));
        byte[] bytes = new byte[FrameSamples];
        bytes.AsSpan().Fill(0xAA);

        Assert.Equal(FrameSamples, playout.Read(new short[FrameSamples], bytes, PayloadCodec.None, out _));
        Assert.All(bytes, b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void Playout_with_payloads_allocates_nothing_per_frame()
    {
        var pool = new AudioFramePool(FrameSamples);
        var playout = new AudioPlayout(Rate, TimeSpan.FromMilliseconds(40));
        byte[] payload = EveryCode(FrameSamples);
        short[] pcm = Decode(PayloadCodec.Pcma, payload);
        short[] played = new short[FrameSamples];
        byte[] bytes = new byte[FrameSamples];
        for (int i = 0; i < 200; i++)
        {
            Cycle();
        }

        // The quietest of several windows: the runtime now and then allocates on this thread on its own (tiered
        // compilation's call counting, OSR), while anything playout allocated per frame would show in every window.
        long quietest = long.MaxValue;
        for (int window = 0; window < 5 && quietest != 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                Cycle();
            }

            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, quietest);
        Assert.Equal(payload, bytes);

        void Cycle()
        {
            playout.Enqueue(pool.Rent(Rate, pcm, PayloadCodec.Pcma, payload));
            playout.Enqueue(pool.Rent(Rate, pcm));
            playout.Read(played, bytes, PayloadCodec.Pcma, out _);
            playout.Read(played, bytes, PayloadCodec.Pcma, out _);
        }
    }

    /// <summary>Code values spread over the whole range, µ-law's negative zero 0x7F first.</summary>
    private static byte[] EveryCode(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        bytes[0] = 0x7F;
        return bytes;
    }

    private static short[] Decode(PayloadCodec codec, byte[] payload)
    {
        var pcm = new short[payload.Length];
        _ = codec == PayloadCodec.Pcmu ? MuLaw.Decode(payload, pcm) : ALaw.Decode(payload, pcm);
        return pcm;
    }

    private static byte[] Encode(PayloadCodec codec, short[] pcm)
    {
        var bytes = new byte[pcm.Length];
        PayloadCodecs.Encode(codec, pcm, bytes);
        return bytes;
    }
}
