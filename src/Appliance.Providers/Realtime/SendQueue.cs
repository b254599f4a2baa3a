using Appliance.Pipeline.Runtime;

namespace Appliance.Providers.Realtime;

/// <summary>
/// Messages waiting for an agent's WebSocket send loop: control events in order and never dropped, ahead of a
/// bounded lane of caller audio that drops its oldest message when the socket cannot keep up.
/// </summary>
/// <remarks>
/// The pipeline thread only enqueues, so a slow provider can never stall the call's pipeline. The single reader
/// waits on a reusable <see cref="ReaderSignal"/>: steady streaming allocates nothing.
/// The queue outlives connections, so audio spoken while a session resumes is sent once it is back.
/// </remarks>
internal sealed class SendQueue
{
    private readonly Lock _lock = new();
    private readonly Queue<OutboundMessage> _control = new();
    private readonly OutboundMessage[] _audio;
    private readonly OutboundMessagePool _pool;
    private readonly ReaderSignal _reader = new();
    private int _audioHead;
    private int _audioCount;
    private long _dropped;

    public SendQueue(OutboundMessagePool pool, int audioCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(audioCapacity);
        _pool = pool;
        _audio = new OutboundMessage[audioCapacity];
    }

    /// <summary>Audio messages dropped because the lane was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a control event (never dropped).</summary>
    public void EnqueueControl(OutboundMessage message)
    {
        bool wake;
        lock (_lock)
        {
            _control.Enqueue(message);
            wake = _reader.Disarm();
        }

        _reader.Wake(wake);
    }

    /// <summary>Queues caller audio; returns false when the oldest queued audio message had to be dropped for it.</summary>
    public bool EnqueueAudio(OutboundMessage message)
    {
        OutboundMessage? dropped = null;
        bool wake;
        lock (_lock)
        {
            if (_audioCount == _audio.Length)
            {
                dropped = _audio[_audioHead];
                _audio[_audioHead] = message;
                _audioHead = (_audioHead + 1) % _audio.Length;
            }
            else
            {
                _audio[(_audioHead + _audioCount) % _audio.Length] = message;
                _audioCount++;
            }

            wake = _reader.Disarm();
        }

        _reader.Wake(wake);
        if (dropped is null)
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        _pool.Return(dropped);
        return false;
    }

    /// <summary>Takes the next message (control first), or arms the wait and returns false.</summary>
    public bool TryDequeueOrArm(out OutboundMessage? message)
    {
        lock (_lock)
        {
            if (_control.TryDequeue(out message))
            {
                return true;
            }

            if (_audioCount > 0)
            {
                message = _audio[_audioHead];
                _audio[_audioHead] = null!;
                _audioHead = (_audioHead + 1) % _audio.Length;
                _audioCount--;
                return true;
            }

            _reader.Arm();
            return false;
        }
    }

    /// <summary>Completes when something was queued after <see cref="TryDequeueOrArm"/> returned false.</summary>
    public ValueTask WaitAsync() => _reader.WaitAsync();

    /// <summary>Wakes a waiting reader without a message (its connection is closing).</summary>
    public void Poke()
    {
        bool wake;
        lock (_lock)
        {
            wake = _reader.Disarm();
        }

        _reader.Wake(wake);
    }

    /// <summary>Returns every queued message to the pool (the agent stopped).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            while (_control.TryDequeue(out OutboundMessage? message))
            {
                _pool.Return(message);
            }

            while (_audioCount > 0)
            {
                _pool.Return(_audio[_audioHead]);
                _audio[_audioHead] = null!;
                _audioHead = (_audioHead + 1) % _audio.Length;
                _audioCount--;
            }
        }
    }
}
