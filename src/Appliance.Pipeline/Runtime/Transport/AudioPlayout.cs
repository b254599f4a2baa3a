using Appliance.Media.Codecs;
using Appliance.Pipeline.Frames;

namespace Appliance.Pipeline.Runtime.Transport;

/// <summary>Bot audio frames waiting for the pacer, and the bot-speaking state derived from what was actually played.</summary>
/// <remarks>
/// Frames are read in place and released once fully played: no copy except into the pacer's buffer.
/// Thread-safe: the output processor enqueues and clears from its loop while the pacer reads.
/// </remarks>
internal sealed class AudioPlayout
{
    private readonly Lock _lock = new();
    private readonly Queue<AudioFrame> _frames = new();
    private readonly int _stopAfterSamples;
    private int _headOffset;
    private long _queuedSamples;
    private bool _speaking;
    private bool _cleared;
    private int _silentSamples;
    private long _playedSamples;
    private TaskCompletionSource? _drained;

    public AudioPlayout(int sampleRate, TimeSpan stopAfter) =>
        _stopAfterSamples = (int)(sampleRate * stopAfter.TotalSeconds);

    /// <summary>Samples of the current (or last) bot utterance that were actually played.</summary>
    public long PlayedSamples => Interlocked.Read(ref _playedSamples);

    /// <summary>Samples queued and not yet played.</summary>
    public long QueuedSamples => Interlocked.Read(ref _queuedSamples);

    /// <summary>Takes ownership of <paramref name="frame"/> for playout.</summary>
    public void Enqueue(AudioFrame frame)
    {
        lock (_lock)
        {
            _frames.Enqueue(frame);
            Interlocked.Add(ref _queuedSamples, frame.SampleCount);
        }
    }

    /// <summary>Drops everything queued (an interruption): the next read is silence.</summary>
    public void Clear()
    {
        TaskCompletionSource? drained;
        lock (_lock)
        {
            while (_frames.TryDequeue(out AudioFrame? frame))
            {
                frame.Release();
            }

            _headOffset = 0;
            Interlocked.Exchange(ref _queuedSamples, 0);
            _cleared = true;
            drained = TakeDrainedWaiter();
        }

        drained?.TrySetResult();
    }

    /// <summary>
    /// Plays into <paramref name="destination"/> (silence-filled) and reports whether the bot started or stopped. Unless
    /// <paramref name="codec"/> is None, the played samples also go to <paramref name="payload"/> in that codec: each
    /// frame's own bytes when it carries them in that codec, otherwise the encoding of its PCM.
    /// </summary>
    public int Read(Span<short> destination, Span<byte> payload, PayloadCodec codec, out PlayoutEvent playoutEvent)
    {
        int written = 0;
        TaskCompletionSource? drained = null;
        lock (_lock)
        {
            while (written < destination.Length && _frames.TryPeek(out AudioFrame? head))
            {
                int take = Math.Min(head.SampleCount - _headOffset, destination.Length - written);
                head.Samples.Slice(_headOffset, take).CopyTo(destination[written..]);
                if (codec != PayloadCodec.None)
                {
                    Span<byte> bytes = payload.Slice(written, take);
                    if (head.PayloadCodec == codec)
                    {
                        head.Payload.Slice(_headOffset, take).CopyTo(bytes);
                    }
                    else
                    {
                        PayloadCodecs.Encode(codec, head.Samples.Slice(_headOffset, take), bytes);
                    }
                }

                written += take;
                _headOffset += take;
                if (_headOffset == head.SampleCount)
                {
                    _frames.Dequeue();
                    _headOffset = 0;
                    head.Release();
                }
            }

            Interlocked.Add(ref _queuedSamples, -written);
            if (_frames.Count == 0)
            {
                drained = TakeDrainedWaiter();
            }

            playoutEvent = Advance(written, destination.Length - written);
        }

        destination[written..].Clear();
        drained?.TrySetResult();
        return written;
    }

    /// <summary>Completes once everything queued has been played or cleared.</summary>
    public Task WaitDrainedAsync()
    {
        lock (_lock)
        {
            if (_frames.Count == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    // Called under the lock, after a read of `played` bot samples followed by `silent` samples of silence.
    private PlayoutEvent Advance(int played, int silent)
    {
        if (_cleared)
        {
            _cleared = false;
            if (_speaking)
            {
                _speaking = false;
                return PlayoutEvent.Stopped;
            }
        }

        if (played > 0)
        {
            _silentSamples = silent;
            if (!_speaking)
            {
                _speaking = true;
                Interlocked.Exchange(ref _playedSamples, played);
                return PlayoutEvent.Started;
            }

            Interlocked.Add(ref _playedSamples, played);
            return PlayoutEvent.None;
        }

        if (_speaking)
        {
            _silentSamples += silent;
            if (_silentSamples >= _stopAfterSamples)
            {
                _speaking = false;
                return PlayoutEvent.Stopped;
            }
        }

        return PlayoutEvent.None;
    }

    private TaskCompletionSource? TakeDrainedWaiter()
    {
        TaskCompletionSource? waiter = _drained;
        _drained = null;
        return waiter;
    }
}
