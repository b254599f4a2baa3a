using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Pipeline;

/// <summary>An audio frame through a three-processor pipeline (two pass-throughs and a sink), across real thread-pool hops.</summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Batch = 50;

    private readonly AudioFramePool _pool = new(320);
    private CountingSink _sink = null!;
    private PipelineTask _task = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sink = new CountingSink();
        _task = new PipelineTask([new PassThrough("a"), new PassThrough("b"), _sink], new PipelineTaskOptions { AudioPool = _pool });
        _task.StartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _task.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Latency: one 20 ms frame in, wait until the sink has it.</summary>
    [Benchmark]
    public void OneFrame()
    {
        _task.QueueFrame(_pool.Rent(16000, 320));
        _sink.Wait(1);
    }

    /// <summary>Throughput: a burst of 50 frames, per frame.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void Burst()
    {
        for (int i = 0; i < Batch; i++)
        {
            _task.QueueFrame(_pool.Rent(16000, 320));
        }

        _sink.Wait(Batch);
    }

    private sealed class PassThrough(string name) : FrameProcessor(name);

    private sealed class CountingSink() : FrameProcessor("sink")
    {
        private readonly SemaphoreSlim _arrived = new(0);

        public void Wait(int frames)
        {
            for (int i = 0; i < frames; i++)
            {
                _arrived.Wait();
            }
        }

        protected override void ProcessFrame(Frame frame, FrameDirection direction)
        {
            if (frame is AudioFrame)
            {
                frame.Release();
                _arrived.Release();
                return;
            }

            PushFrame(frame, direction);
        }
    }
}
