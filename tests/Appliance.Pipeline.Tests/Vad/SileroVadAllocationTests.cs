using Appliance.Pipeline.Vad;

namespace Appliance.Pipeline.Tests.Vad;

public sealed class SileroVadAllocationTests
{
    [Theory]
    [InlineData(16000)]
    [InlineData(8000)]
    public void Process_allocates_nothing_after_warm_up(int sampleRate)
    {
        var vad = new SileroVad(SileroModel.Embedded, sampleRate);
        var chunk = new float[vad.ChunkSamples];
        var rng = new Random(7);
        for (int i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (float)(rng.NextDouble() - 0.5);
        }

        float sum = 0;
        Assert.Equal(0, LeastAllocatedPerRound(() => sum += vad.Process(chunk)));
        Assert.True(sum > 0);
    }

    [Fact]
    public void Analyzer_allocates_nothing_after_warm_up()
    {
        var analyzer = new VadAnalyzer(SileroModel.Embedded, 8000);
        var frame = new short[160];
        var transitions = new VadTransition[1];
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = (short)((i * 977) % 2000 - 1000);
        }

        Assert.Equal(0, LeastAllocatedPerRound(() => analyzer.Analyze(frame, transitions)));
        Assert.True(analyzer.Position > 0);
    }

    /// <summary>
    /// Bytes allocated by the least-allocating of several 100-call rounds. A per-call allocation shows in every
    /// round; taking the minimum only discounts one-off runtime work (tiered JIT promotion) landing mid-round.
    /// </summary>
    private static long LeastAllocatedPerRound(Action call)
    {
        for (int i = 0; i < 50; i++)
        {
            call();
        }

        long least = long.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                call();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
