using System.Collections.Concurrent;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Providers.Tests.Realtime.Harness;

/// <summary>Remembers the non-audio frames the agent pushed (transcripts, interruptions, ends).</summary>
internal sealed class FrameRecorder(string source) : IFrameObserver
{
    private readonly ConcurrentQueue<(Frame Frame, FrameDirection Direction)> _frames = new();

    public IReadOnlyList<Frame> Frames => [.. _frames.Select(f => f.Frame)];

    public void OnFramePushed(FrameProcessor source1, Frame frame, FrameDirection direction)
    {
        if (source1.Name == source && frame is not AudioFrame)
        {
            _frames.Enqueue((frame, direction));
        }
    }

    public IEnumerable<T> OfType<T>() => Frames.OfType<T>();
}
