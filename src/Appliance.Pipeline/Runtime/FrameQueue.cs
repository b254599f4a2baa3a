using Appliance.Pipeline.Frames;

namespace Appliance.Pipeline.Runtime;

/// <summary>
/// A processor's input queue: a system lane that always goes first, and an ordered lane for control and data
/// frames that is bounded softly by <see cref="Capacity"/>.
/// </summary>
/// <remarks>
/// Enqueueing never blocks, so any thread (the media pacer, a provider's socket loop) can push. Backpressure is
/// applied by the consumer instead: a processor's loop takes no more ordered frames while the queue of the
/// processor after it is full, but keeps taking system frames, so an interruption or a cancel never waits behind
/// a backlog. The single reader waits on a reusable <see cref="ReaderSignal"/>, so a
/// steady stream allocates nothing.
/// </remarks>
internal sealed class FrameQueue
{
    private readonly Lock _lock = new();
    private readonly FrameRing _system = new(8);
    private readonly FrameRing _ordered;
    private readonly ReaderSignal _reader = new();
    private bool _closed;
    private int _orderedCount;

    public FrameQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _ordered = new FrameRing(capacity);
    }

    /// <summary>Ordered frames this queue holds before its producer is held back.</summary>
    public int Capacity { get; }

    /// <summary>The queue whose reader feeds this one; woken when this one drains below capacity.</summary>
    public FrameQueue? Producer { get; set; }

    /// <summary>The queue this reader feeds; while it is full only system frames are taken.</summary>
    public FrameQueue? Consumer { get; set; }

    public bool IsFull => Volatile.Read(ref _orderedCount) >= Capacity;

    /// <summary>Adds a frame; false (and the frame released) when the queue is closed.</summary>
    public bool Enqueue(Frame frame, FrameDirection direction)
    {
        bool wake;
        bool drained = false;
        lock (_lock)
        {
            if (_closed)
            {
                frame.Release();
                return false;
            }

            if (frame.Kind == FrameKind.System)
            {
                if (frame is InterruptionFrame && _ordered.DropInterruptible(direction) > 0)
                {
                    drained = UpdateOrderedCount();
                }

                _system.Enqueue(new QueuedFrame(frame, direction));
            }
            else
            {
                _ordered.Enqueue(new QueuedFrame(frame, direction));
                Volatile.Write(ref _orderedCount, _ordered.Count);
            }

            wake = _reader.Disarm();
        }

        _reader.Wake(wake);
        if (drained)
        {
            Producer?.Poke();
        }

        return true;
    }

    /// <summary>Adds a frame unless the ordered lane is full or the queue closed; a refused frame is released.</summary>
    /// <remarks>For producers that must never wait (the media receive loop): they shed instead.</remarks>
    public bool TryEnqueueBounded(Frame frame, FrameDirection direction)
    {
        if (frame.Kind != FrameKind.System && IsFull)
        {
            frame.Release();
            return false;
        }

        return Enqueue(frame, direction);
    }

    /// <summary>Takes the next eligible frame, or arms the wait when there is none.</summary>
    public DequeueStatus TryDequeueOrArm(out QueuedFrame item)
    {
        bool drained = false;
        DequeueStatus status;
        lock (_lock)
        {
            if (_system.Count > 0)
            {
                item = _system.Dequeue();
                status = DequeueStatus.Frame;
            }
            else if (_ordered.Count > 0 && Consumer is not { IsFull: true })
            {
                item = _ordered.Dequeue();
                drained = UpdateOrderedCount();
                status = DequeueStatus.Frame;
            }
            else if (_closed)
            {
                item = default;
                status = DequeueStatus.Closed;
            }
            else
            {
                item = default;
                _reader.Arm();
                status = DequeueStatus.Wait;
            }
        }

        if (drained)
        {
            Producer?.Poke();
        }

        return status;
    }

    /// <summary>Completes when something changed after <see cref="TryDequeueOrArm"/> returned <see cref="DequeueStatus.Wait"/>.</summary>
    public ValueTask WaitAsync() => _reader.WaitAsync();

    /// <summary>Wakes the reader so it re-checks whether its consumer has room again.</summary>
    public void Poke()
    {
        bool wake;
        lock (_lock)
        {
            wake = _reader.Disarm();
        }

        _reader.Wake(wake);
    }

    /// <summary>Closes the queue, releasing whatever is still queued, and wakes the reader so its loop ends.</summary>
    public void Close()
    {
        bool wake;
        lock (_lock)
        {
            _closed = true;
            _system.ReleaseAll();
            _ordered.ReleaseAll();
            Volatile.Write(ref _orderedCount, 0);
            wake = _reader.Disarm();
        }

        _reader.Wake(wake);
        Producer?.Poke();
    }

    // Called under the lock; true when the lane just dropped below capacity, so a held-back producer may go on.
    private bool UpdateOrderedCount()
    {
        bool wasFull = _orderedCount >= Capacity;
        Volatile.Write(ref _orderedCount, _ordered.Count);
        return wasFull && _ordered.Count < Capacity;
    }
}
