using Appliance.Media.Jitter;

namespace Appliance.Media.Tests.Jitter;

public class PacketLossConcealerTests
{
    private const int Rate = 8000;
    private const int Frame = 160;

    /// <summary>A 125 Hz voiced-like tone with a harmonic: pitch period 64 samples (8 ms).</summary>
    private static short Voice(int n) =>
        (short)Math.Round((8000 * Math.Sin(2 * Math.PI * 125 * n / Rate)) + (3000 * Math.Sin(2 * Math.PI * 375 * n / Rate)));

    private static PacketLossConcealer Primed(int frames, out int position)
    {
        var concealer = new PacketLossConcealer(Rate, Frame);
        var frame = new short[Frame];
        position = 0;
        for (int f = 0; f < frames; f++)
        {
            for (int i = 0; i < Frame; i++)
            {
                frame[i] = Voice(position++);
            }

            concealer.Accept(frame);
        }

        return concealer;
    }

    [Fact]
    public void First_lost_frame_continues_the_pitch_period()
    {
        PacketLossConcealer concealer = Primed(5, out int position);
        var concealed = new short[Frame];

        concealer.Conceal(concealed);

        // The first 10 ms are at full level and should track the true continuation closely.
        double signal = 0, error = 0;
        for (int i = 0; i < Rate / 100; i++)
        {
            double expected = Voice(position + i);
            signal += expected * expected;
            error += (concealed[i] - expected) * (concealed[i] - expected);
        }

        double snr = 10 * Math.Log10(signal / error);
        Assert.True(snr > 30, $"SNR {snr:F1} dB");
        Assert.Equal(1, concealer.ConsecutiveLosses);
    }

    [Fact]
    public void Consecutive_losses_fade_to_silence_by_60_ms()
    {
        PacketLossConcealer concealer = Primed(5, out _);
        var frames = new short[4][];
        for (int f = 0; f < frames.Length; f++)
        {
            frames[f] = new short[Frame];
            concealer.Conceal(frames[f]);
        }

        double[] energy = frames.Select(f => f.Sum(s => (double)s * s)).ToArray();
        Assert.True(energy[0] > energy[1] && energy[1] > energy[2], string.Join(", ", energy));
        Assert.InRange(frames[2][^1], -50, 50);
        Assert.All(frames[3], s => Assert.Equal(0, s));
        Assert.Equal(4, concealer.ConsecutiveLosses);
    }

    [Fact]
    public void Good_frame_after_loss_is_cross_faded_then_untouched()
    {
        PacketLossConcealer concealer = Primed(5, out int position);
        var concealed = new short[Frame];
        concealer.Conceal(concealed);
        position += Frame;
        var good = new short[Frame];
        for (int i = 0; i < Frame; i++)
        {
            good[i] = Voice(position + i);
        }

        short[] original = (short[])good.Clone();
        concealer.Accept(good);

        // 4 ms (32 samples) of cross-fade; the rest is the decoded audio itself.
        Assert.Equal(original[32..], good[32..]);
        Assert.NotEqual(original[..32], good[..32]);
        Assert.True(Math.Abs(good[0] - original[0]) < 2500, $"{good[0]} vs {original[0]}");
        Assert.Equal(0, concealer.ConsecutiveLosses);
    }

    [Fact]
    public void Concealment_without_history_is_silence()
    {
        var concealer = new PacketLossConcealer(16000, 320);
        var output = new short[320];
        Array.Fill(output, (short)123);

        concealer.Conceal(output);

        Assert.All(output, s => Assert.Equal(0, s));
    }

    [Fact]
    public void Wrong_frame_length_is_rejected()
    {
        var concealer = new PacketLossConcealer(Rate, Frame);

        Assert.Throws<ArgumentException>(() => concealer.Conceal(new short[100]));
        Assert.Throws<ArgumentException>(() => concealer.Accept(new short[100]));
    }

    [Fact]
    public void Conceal_and_accept_allocate_nothing()
    {
        PacketLossConcealer concealer = Primed(5, out _);
        var frame = new short[Frame];
        concealer.Conceal(frame);
        concealer.Accept(frame);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            concealer.Conceal(frame);
            concealer.Accept(frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
