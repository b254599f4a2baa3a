using Appliance.Media.Codecs;
using Xunit.Abstractions;

namespace Appliance.Media.Tests.Codecs;

public class G722Tests(ITestOutputHelper output)
{
    private const string Sentence = "The quick brown fox jumps over the lazy dog. Please hold while I connect your call.";

    [Fact]
    public void Our_bitstream_decodes_in_ffmpeg_and_both_decoders_agree()
    {
        using var files = new TestFiles();
        short[] speech = files.Speech(Sentence, 16000);
        byte[] encoded = new byte[speech.Length / 2];
        new G722Encoder().Encode(speech, encoded);
        File.WriteAllBytes(files.PathOf("ours.g722"), encoded);

        short[] ffmpegDecoded = FfmpegDecode(files, "ours.g722");
        short[] oursDecoded = new short[encoded.Length * 2];
        new G722Decoder().Decode(encoded, oursDecoded);

        double snr = AlignedSnr(speech, ffmpegDecoded, out int delay);
        double agreement = Agreement(oursDecoded, ffmpegDecoded);
        output.WriteLine($"ours->ffmpeg: SNR {snr:F2} dB at delay {delay}; our decoder = ffmpeg decoder on {agreement:P3} of samples");
        Assert.InRange(snr, 15, 100);
        Assert.Equal(1.0, agreement);
    }

    [Fact]
    public void Ffmpeg_bitstream_decodes_like_ffmpeg_and_our_encoder_matches_it()
    {
        using var files = new TestFiles();
        short[] speech = files.Speech(Sentence, 16000);
        TestFiles.WritePcm(files.PathOf("in.raw"), speech);
        TestFiles.Run("ffmpeg", "-v", "error", "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", files.PathOf("in.raw"),
            "-acodec", "g722", "-f", "g722", files.PathOf("ffmpeg.g722"));
        byte[] theirs = File.ReadAllBytes(files.PathOf("ffmpeg.g722"));

        short[] oursDecoded = new short[theirs.Length * 2];
        new G722Decoder().Decode(theirs, oursDecoded);
        short[] ffmpegDecoded = FfmpegDecode(files, "ffmpeg.g722");
        double snr = AlignedSnr(speech, oursDecoded, out int delay);

        byte[] ours = new byte[speech.Length / 2];
        new G722Encoder().Encode(speech, ours);
        int sameCodes = 0;
        for (int i = 0; i < Math.Min(ours.Length, theirs.Length); i++)
        {
            sameCodes += ours[i] == theirs[i] ? 1 : 0;
        }

        double decoderAgreement = Agreement(oursDecoded, ffmpegDecoded);
        output.WriteLine($"ffmpeg->ours: SNR {snr:F2} dB at delay {delay}; decoders agree on {decoderAgreement:P3}; " +
            $"encoders agree on {sameCodes}/{theirs.Length} codes");
        Assert.InRange(snr, 15, 100);
        Assert.Equal(1.0, decoderAgreement);
        Assert.Equal(theirs.Length, sameCodes);
    }

    [Fact]
    public void Frame_by_frame_coding_equals_one_shot_coding_and_reset_restarts()
    {
        short[] pcm = G711Tests.ToneAndNoise(16000);
        byte[] whole = new byte[pcm.Length / 2];
        new G722Encoder().Encode(pcm, whole);

        var encoder = new G722Encoder();
        byte[] framed = new byte[whole.Length];
        for (int offset = 0; offset < pcm.Length; offset += 320)
        {
            encoder.Encode(pcm.AsSpan(offset, 320), framed.AsSpan(offset / 2));
        }

        Assert.Equal(whole, framed);

        var decoder = new G722Decoder();
        short[] first = new short[pcm.Length];
        decoder.Decode(whole, first);
        decoder.Reset();
        short[] again = new short[pcm.Length];
        decoder.Decode(whole, again);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Codec_seam_describes_G722_and_a_20ms_frame_allocates_nothing()
    {
        CodecRegistry registry = CodecRegistry.CreateDefault();
        Assert.True(registry.TryGetStatic(9, out CodecDescriptor? g722));
        Assert.Equal(8000, g722.ClockRate);
        Assert.Equal(16000, g722.SampleRate);
        Assert.Equal(320, g722.SamplesPerFrame(20));
        Assert.Equal(160, g722.TimestampUnitsPerFrame(20));

        using IAudioCodec codec = g722.Create();
        short[] pcm = G711Tests.ToneAndNoise(16000)[..320];
        byte[] payload = new byte[160];
        short[] decoded = new short[320];
        codec.Encode(pcm, payload);
        codec.Decode(payload, decoded);

        int total = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            total += codec.Encode(pcm, payload) + codec.Decode(payload, decoded);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(50 * (160 + 320), total);
    }

    private static short[] FfmpegDecode(TestFiles files, string g722File)
    {
        string raw = files.PathOf(g722File + ".raw");
        TestFiles.Run("ffmpeg", "-v", "error", "-f", "g722", "-i", files.PathOf(g722File), "-f", "s16le", "-ar", "16000", raw);
        return TestFiles.ReadPcm(raw);
    }

    private static double Agreement(short[] a, short[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        int same = 0;
        for (int i = 0; i < n; i++)
        {
            same += a[i] == b[i] ? 1 : 0;
        }

        return (double)same / n;
    }

    /// <summary>SNR of <paramref name="decoded"/> against <paramref name="original"/> at the lag (codec delay) maximizing their cross-correlation.</summary>
    internal static double AlignedSnr(short[] original, short[] decoded, out int delay)
    {
        delay = 0;
        double best = double.MinValue;
        for (int lag = 0; lag < 64; lag++)
        {
            double correlation = 0;
            for (int i = 0; i + lag < decoded.Length && i < original.Length; i++)
            {
                correlation += (double)original[i] * decoded[i + lag];
            }

            if (correlation > best)
            {
                best = correlation;
                delay = lag;
            }
        }

        double signal = 0;
        double noise = 0;
        for (int i = 0; i + delay < decoded.Length && i < original.Length; i++)
        {
            double error = original[i] - decoded[i + delay];
            signal += (double)original[i] * original[i];
            noise += error * error;
        }

        return 10 * Math.Log10(signal / noise);
    }
}
