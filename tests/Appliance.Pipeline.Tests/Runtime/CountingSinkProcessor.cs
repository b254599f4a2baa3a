using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Tests.Runtime;

/// <summary>Last processor of an allocation test: releases audio frames and signals each completed batch, without allocating.</summary>
internal sealed class CountingSinkProcessor(int batchSize) : FrameProcessor("counting-sink")
{
    private readonly SemaphoreSlim _batches = new(0);
    private int _count;

    /// <summary>Blocks until the next batch of audio frames has arrived; a pipeline that stalls fails the test instead of hanging it.</summary>
    public void WaitForBatch()
    {
        if (!_batches.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"the pipeline stalled: {Volatile.Read(ref _count)} audio frames arrived, the batch of {batchSize} did not complete within 30 s");
        }
    }

    protected override void ProcessFrame(Frame frame, FrameDirection direction)
    {
        if (frame is AudioFrame)
        {
            frame.Release();
            if (++_count % batchSize == 0)
            {
                _batches.Release();
            }

            return;
        }

        PushFrame(frame, direction);
    }
}
