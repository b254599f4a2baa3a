using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Tests.Runtime;

[Collection(AllocationCollection.Name)]
public class PipelineAllocationTests
{
    private const int Batch = 32;

    [Fact]
    public async Task Audio_frames_cross_a_three_processor_pipeline_without_allocating()
    {
        var pool = new AudioFramePool(320);
        var sink = new CountingSinkProcessor(Batch);
        using var metrics = new PipelineMetrics();
        await using var task = new PipelineTask(
            [new PassThroughProcessor("a"), new PassThroughProcessor("b"), sink],
            new PipelineTaskOptions { AudioPool = pool, Metrics = metrics });
        await task.StartAsync();

        // Warm-up: fills the pool, grows the queues, lets tiered JIT settle.
        Run(task, pool, sink, batches: 300);
        long created = pool.Created;

        // Frames hop between thread-pool threads, so only a process-wide count sees everything. The runtime and
        // the test runner allocate now and then on their own threads (thread injection, result reporting), so the
        // quietest of several short windows is taken: anything the pipeline allocated per frame (at least
        // 24 B x 800 frames) would show in every window, and the quietest one must be exactly zero. The feeding
        // loop runs on its own thread so that blocking on the sink does not starve the pool and invite injection.
        long quietest = long.MaxValue;
        Exception? stalled = null;
        var feeder = new Thread(() =>
        {
            try
            {
                for (int window = 0; window < 20 && quietest != 0; window++)
                {
                    long before = GC.GetTotalAllocatedBytes(precise: true);
                    Run(task, pool, sink, batches: 25);
                    quietest = Math.Min(quietest, GC.GetTotalAllocatedBytes(precise: true) - before);
                }
            }
            catch (TimeoutException ex)
            {
                stalled = ex;
            }
        });
        feeder.Start();
        feeder.Join();

        Assert.Null(stalled);

        Assert.Equal(0, quietest);
        Assert.Equal(created, pool.Created);
    }

    private static void Run(PipelineTask task, AudioFramePool pool, CountingSinkProcessor sink, int batches)
    {
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < Batch; i++)
            {
                task.QueueFrame(pool.Rent(16000, 320));
            }

            sink.WaitForBatch();
        }
    }
}
