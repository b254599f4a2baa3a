using Appliance.Media.Resampling;
using Xunit.Abstractions;

namespace Appliance.Media.Tests.Resampling;

public class ResamplerTests(ITestOutputHelper output)
{
    public static TheoryData<int, int> RatePairs()
    {
        var data = new TheoryData<int, int>();
        int[] rates = [8000, 16000, 24000, 48000];
        foreach (int input in rates)
        {
            foreach (int outputRate in rates)
            {
                if (input != outputRate)
                {
                    data.Add(input, outputRate);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Stopband_attenuation_is_at_least_70_dB(int inputRate, int outputRate)
    {
        // Every input tone yields output energy away from its own frequency (images when up-sampling, aliases when
        // down-sampling) only through the stopband, which starts at the lower Nyquist frequency.
        double inputNyquist = inputRate / 2.0;
        double worst = double.NegativeInfinity;
        double worstFrequency = 0;
        for (double frequency = 50; frequency < inputNyquist * 0.995; frequency += inputNyquist / 97)
        {
            (_, double spurious, _) = ToneMeasurement.Measure(inputRate, outputRate, frequency);
            if (spurious > worst)
            {
                (worst, worstFrequency) = (spurious, frequency);
            }
        }

        output.WriteLine($"{inputRate}->{outputRate}: worst spurious {worst:F1} dB at {worstFrequency:F0} Hz");
        Assert.True(worst <= -70, $"spurious {worst:F1} dB at {worstFrequency:F0} Hz");
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Passband_is_flat_within_a_tenth_of_a_dB_up_to_nine_tenths_of_nyquist(int inputRate, int outputRate)
    {
        double edge = 0.9 * Math.Min(inputRate, outputRate) / 2;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (double frequency = 50; frequency <= edge; frequency += edge / 60)
        {
            (double gain, _, _) = ToneMeasurement.Measure(inputRate, outputRate, frequency);
            min = Math.Min(min, gain);
            max = Math.Max(max, gain);
        }

        output.WriteLine($"{inputRate}->{outputRate}: passband gain {min:F4} .. {max:F4} dB up to {edge:F0} Hz");
        Assert.InRange(min, -0.1, 0.1);
        Assert.InRange(max, -0.1, 0.1);
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Group_delay_is_constant_and_matches_the_filter_length(int inputRate, int outputRate)
    {
        var resampler = new Resampler(inputRate, outputRate);
        double edge = 0.9 * Math.Min(inputRate, outputRate) / 2;
        foreach (double frequency in (double[])[37, 300, 1000, edge / 2, edge])
        {
            // Phase is ambiguous by whole periods; unwrap against the expected delay.
            (_, _, double measured) = ToneMeasurement.Measure(inputRate, outputRate, frequency);
            double period = outputRate / frequency;
            double unwrapped = measured + (Math.Round((resampler.DelaySamples - measured) / period) * period);
            Assert.Equal(resampler.DelaySamples, unwrapped, 0.02);
        }

        output.WriteLine($"{inputRate}->{outputRate}: group delay {resampler.DelaySamples} output samples = {resampler.DelaySamples * 1000 / outputRate:F2} ms");
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Twenty_ms_frames_give_exactly_the_one_shot_output(int inputRate, int outputRate)
    {
        var random = new Random(inputRate + outputRate);
        int frame = inputRate / 50;
        var input = new short[frame * 25];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (short)random.Next(-20000, 20000);
        }

        var whole = new short[new Resampler(inputRate, outputRate).GetOutputLength(input.Length)];
        new Resampler(inputRate, outputRate).Process(input, whole);

        var framed = new short[whole.Length];
        var resampler = new Resampler(inputRate, outputRate);
        int written = 0;
        for (int offset = 0; offset < input.Length; offset += frame)
        {
            int expected = resampler.GetOutputLength(frame);
            Assert.Equal(frame * outputRate / inputRate, expected);
            written += resampler.Process(input.AsSpan(offset, frame), framed.AsSpan(written));
        }

        Assert.Equal(whole.Length, written);
        Assert.Equal(whole, framed);
    }

    [Fact]
    public void Odd_sized_float_chunks_give_exactly_the_one_shot_output()
    {
        var random = new Random(7);
        var input = new float[5000];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var whole = new float[3334];
        int wholeCount = new Resampler(24000, 16000).Process(input, whole);

        var pieces = new float[whole.Length];
        var resampler = new Resampler(24000, 16000);
        int written = 0, offset = 0;
        foreach (int size in (int[])[1, 2, 3, 7, 1500, 13, 999, 2475])
        {
            written += resampler.Process(input.AsSpan(offset, size), pieces.AsSpan(written));
            offset += size;
        }

        Assert.Equal(5000, offset);
        Assert.Equal(wholeCount, written);
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Saturates_instead_of_wrapping()
    {
        var resampler = new Resampler(8000, 16000);
        var input = new short[800];
        for (int i = 0; i < input.Length; i++)
        {
            // Full-scale square wave: Gibbs overshoot exceeds the 16-bit range.
            input[i] = (i / 20 % 2) == 0 ? short.MaxValue : short.MinValue;
        }

        var result = new short[1600];
        resampler.Process(input, result);

        Assert.Contains(short.MaxValue, result);
        Assert.Contains(short.MinValue, result);
        for (int i = 400; i < result.Length; i++)
        {
            // Each half period is 40 output samples long; wrap-around would flip the sign in the middle of one.
            int halfPeriodMiddle = (i - (int)resampler.DelaySamples) % 40;
            if (halfPeriodMiddle is > 15 and < 25)
            {
                Assert.True(Math.Abs((int)result[i]) > 30000, $"sample {i} = {result[i]}");
            }
        }
    }

    [Fact]
    public void Equal_rates_pass_samples_through()
    {
        var resampler = new Resampler(16000, 16000);
        short[] input = [1, -2, 3, short.MaxValue];
        var result = new short[4];

        Assert.Equal(4, resampler.Process(input, result));
        Assert.Equal(input, result);
        Assert.Equal(0, resampler.DelaySamples);
    }

    [Fact]
    public void Reset_forgets_history()
    {
        var resampler = new Resampler(8000, 16000);
        short[] frame = new short[160];
        Array.Fill(frame, (short)1000);
        var first = new short[320];
        var again = new short[320];
        resampler.Process(frame, first);
        resampler.Process(frame, again);
        Assert.NotEqual(first, again);

        resampler.Reset();
        resampler.Process(frame, again);

        Assert.Equal(first, again);
    }

    [Fact]
    public void Too_small_output_is_rejected_before_any_state_changes()
    {
        var resampler = new Resampler(8000, 16000);

        Assert.Throws<ArgumentException>(() => resampler.Process(new short[160], new short[319]));
        Assert.Equal(320, resampler.GetOutputLength(160));
    }

    [Fact]
    public void Filter_tables_are_shared_per_rate_pair()
    {
        Assert.Same(PolyphaseFilter.Get(8000, 16000), PolyphaseFilter.Get(8000, 16000));
        Assert.NotSame(PolyphaseFilter.Get(8000, 16000), PolyphaseFilter.Get(16000, 8000));
    }

    [Theory]
    [InlineData(8000, 16000)]
    [InlineData(16000, 8000)]
    [InlineData(8000, 24000)]
    [InlineData(24000, 8000)]
    [InlineData(16000, 48000)]
    public void Twenty_ms_frames_allocate_nothing(int inputRate, int outputRate)
    {
        var resampler = new Resampler(inputRate, outputRate);
        var input = new short[inputRate / 50];
        var result = new short[outputRate / 50];
        var floatInput = new float[input.Length];
        var floatResult = new float[result.Length];
        resampler.Process(input, result);
        resampler.Process(floatInput, floatResult);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            resampler.Process(input, result);
            resampler.Process(floatInput, floatResult);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
