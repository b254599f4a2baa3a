using Appliance.Media.Dtmf;
using Appliance.Media.Tests.Codecs;

namespace Appliance.Media.Tests.Dtmf;

public class GoertzelDtmfDetectorTests
{
    private static readonly int[] Rows = [697, 770, 852, 941];
    private static readonly int[] Columns = [1209, 1336, 1477, 1633];

    [Fact]
    public void Detects_all_16_digits_in_noise_once_each()
    {
        const string keys = "123A456B789C*0#D";
        var random = new Random(1633);
        var pcm = new List<short>();
        foreach (char key in keys)
        {
            AppendTone(pcm, key, milliseconds: 70, amplitude: 6000, random);
            AppendTone(pcm, '\0', milliseconds: 60, amplitude: 0, random);
        }

        Assert.Equal(keys, Detect(pcm.ToArray()));
    }

    [Fact]
    public void Rejects_short_bursts_excess_twist_and_a_single_tone()
    {
        var random = new Random(1);
        var pcm = new List<short>();
        AppendTone(pcm, '5', milliseconds: 30, amplitude: 6000, random);  // shorter than two blocks
        AppendTone(pcm, '\0', milliseconds: 100, amplitude: 0, random);
        AppendPair(pcm, 770, 1336, 8000, 800, milliseconds: 100, random);  // row 20 dB above column
        AppendTone(pcm, '\0', milliseconds: 100, amplitude: 0, random);
        AppendPair(pcm, 770, 770, 6000, 0, milliseconds: 100, random);     // dial-tone-like single frequency
        Assert.Equal(string.Empty, Detect(pcm.ToArray()));
    }

    [Fact]
    public void No_false_digits_on_speech_but_a_digit_after_it_is_found()
    {
        using var files = new TestFiles();
        short[] speech = files.Speech(
            "Hello, thank you for calling. Please tell me your account number, one two three four five six seven eight nine zero, " +
            "and the reason for your call today. Press pound or star at any time.", 8000);
        Assert.True(speech.Length > 8000 * 5);
        Assert.Equal(string.Empty, Detect(speech));

        var withDigit = new List<short>(speech);
        AppendTone(withDigit, '7', milliseconds: 80, amplitude: 4000, new Random(2));
        Assert.Equal("7", Detect(withDigit.ToArray()));
    }

    [Fact]
    public void Processing_a_frame_allocates_nothing()
    {
        var detector = new GoertzelDtmfDetector();
        short[] frame = new short[160];
        Span<char> digits = stackalloc char[4];
        detector.Process(frame, digits);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            detector.Process(frame, digits);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Detect(short[] pcm)
    {
        // Feed 20 ms frames, as a call would.
        var detector = new GoertzelDtmfDetector();
        var found = new System.Text.StringBuilder();
        Span<char> digits = stackalloc char[4];
        for (int offset = 0; offset < pcm.Length; offset += 160)
        {
            int n = detector.Process(pcm.AsSpan(offset, Math.Min(160, pcm.Length - offset)), digits);
            found.Append(digits[..n]);
        }

        return found.ToString();
    }

    private static void AppendTone(List<short> pcm, char key, int milliseconds, double amplitude, Random random)
    {
        int index = "123A456B789C*0#D".IndexOf(key, StringComparison.Ordinal);
        int row = index < 0 ? 0 : Rows[index / 4];
        int column = index < 0 ? 0 : Columns[index % 4];
        AppendPair(pcm, row, column, amplitude, amplitude, milliseconds, random);
    }

    // Two tones plus white noise about 20 dB below a single tone's level.
    private static void AppendPair(List<short> pcm, int f1, int f2, double a1, double a2, int milliseconds, Random random)
    {
        int start = pcm.Count;
        for (int i = 0; i < milliseconds * 8; i++)
        {
            double t = (start + i) / 8000.0;
            double noise = (random.NextDouble() - 0.5) * 2 * 600 * Math.Sqrt(3) / Math.Sqrt(2);
            double value = (a1 * Math.Sin(2 * Math.PI * f1 * t)) + (a2 * Math.Sin(2 * Math.PI * f2 * t)) + noise;
            pcm.Add((short)Math.Clamp(value, short.MinValue, short.MaxValue));
        }
    }
}
