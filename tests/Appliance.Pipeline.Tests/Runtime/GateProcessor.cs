using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Tests.Runtime;

/// <summary>Holds its first ordered frame until <see cref="Open"/>, so a backlog builds up behind it.</summary>
internal sealed class GateProcessor() : FrameProcessor("gate")
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the gate is holding a frame.</summary>
    public Task Holding => _holding.Task;

    public void Open() => _gate.TrySetResult();

    protected override async ValueTask ProcessFrameAsync(Frame frame, FrameDirection direction)
    {
        if (frame.Kind != FrameKind.System && !_gate.Task.IsCompleted)
        {
            _holding.TrySetResult();
            await _gate.Task;
        }

        PushFrame(frame, direction);
    }
}
