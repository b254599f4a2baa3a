namespace Appliance.Pipeline.Runtime;

/// <summary>A growable FIFO ring of queued frames; not thread-safe (the owning queue locks).</summary>
internal sealed class FrameRing
{
    private QueuedFrame[] _items;
    private int _head;

    public FrameRing(int initialCapacity) => _items = new QueuedFrame[Math.Max(initialCapacity, 4)];

    public int Count { get; private set; }

    public void Enqueue(QueuedFrame item)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    public QueuedFrame Dequeue()
    {
        QueuedFrame item = _items[_head];
        _items[_head] = default;
        _head = (_head + 1) % _items.Length;
        Count--;
        return item;
    }

    /// <summary>Releases and removes every frame travelling <paramref name="direction"/> that an interruption drops; keeps order.</summary>
    public int DropInterruptible(FrameDirection direction)
    {
        int kept = 0;
        int dropped = 0;
        for (int i = 0; i < Count; i++)
        {
            int index = (_head + i) % _items.Length;
            QueuedFrame item = _items[index];
            _items[index] = default;
            if (item.Direction == direction && !item.Frame.SurvivesInterruption)
            {
                item.Frame.Release();
                dropped++;
            }
            else
            {
                _items[(_head + kept) % _items.Length] = item;
                kept++;
            }
        }

        Count = kept;
        return dropped;
    }

    public void ReleaseAll()
    {
        while (Count > 0)
        {
            Dequeue().Frame.Release();
        }
    }

    private void Grow()
    {
        var larger = new QueuedFrame[_items.Length * 2];
        for (int i = 0; i < Count; i++)
        {
            larger[i] = _items[(_head + i) % _items.Length];
        }

        _items = larger;
        _head = 0;
    }
}
