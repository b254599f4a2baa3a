using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Tests.Runtime;

/// <summary>An observer that records every push and lets a test await a particular one (no sleeping).</summary>
internal sealed class FrameLog : IFrameObserver
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly List<Entry> _entries = [];
    private readonly List<(Func<Entry, bool> Match, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public void OnFramePushed(FrameProcessor source, Frame frame, FrameDirection direction)
    {
        // Audio frames are recycled after the push, so only their first sample is kept.
        var entry = new Entry(source.Name, frame.GetType(), direction, frame is AudioFrame ? null : frame, frame is AudioFrame { SampleCount: > 0 } audio ? audio.Samples[0] : (short)0);
        lock (_entries)
        {
            _entries.Add(entry);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(entry))
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes when a push matching <paramref name="match"/> has happened (already or later).</summary>
    public Task WaitForAsync(Func<Entry, bool> match)
    {
        lock (_entries)
        {
            foreach (Entry entry in _entries)
            {
                if (match(entry))
                {
                    return Task.CompletedTask;
                }
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(Patience);
        }
    }

    /// <summary>Completes when <paramref name="source"/> has pushed a frame of type <typeparamref name="T"/>.</summary>
    public Task WaitForAsync<T>(string source, FrameDirection direction = FrameDirection.Downstream)
        where T : Frame =>
        WaitForAsync(e => e.Source == source && e.FrameType == typeof(T) && e.Direction == direction);

    public List<Type> TypesFrom(string source, FrameDirection direction = FrameDirection.Downstream)
    {
        List<Type> types = [];
        foreach (Entry entry in Entries)
        {
            if (entry.Source == source && entry.Direction == direction)
            {
                types.Add(entry.FrameType);
            }
        }

        return types;
    }

    public int Count<T>(string source, FrameDirection direction = FrameDirection.Downstream)
        where T : Frame => TypesFrom(source, direction).Count(t => t == typeof(T));

    internal readonly record struct Entry(string Source, Type FrameType, FrameDirection Direction, Frame? Frame, short FirstSample);
}
