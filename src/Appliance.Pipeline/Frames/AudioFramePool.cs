using Appliance.Media.Codecs;

namespace Appliance.Pipeline.Frames;

/// <summary>A bounded pool of <see cref="AudioFrame"/> objects with fixed-capacity PCM buffers; thread-safe.</summary>
/// <remarks>
/// Frames are created on demand (warm-up) and recycled afterwards; beyond <c>maxRetained</c> idle frames the
/// surplus is left to the GC. DEBUG builds count frames that were rented and not yet released, to catch leaks.
/// </remarks>
public sealed class AudioFramePool
{
    private readonly Lock _lock = new();
    private readonly AudioFrame[] _idle;
    private int _idleCount;
    private long _created;
#if DEBUG
    private int _outstanding;
#endif

    /// <summary>Creates a pool.</summary>
    /// <param name="frameCapacity">Samples per frame buffer; 960 holds 20 ms at 48 kHz.</param>
    /// <param name="maxRetained">Most idle frames kept for reuse.</param>
    public AudioFramePool(int frameCapacity = 960, int maxRetained = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetained);
        FrameCapacity = frameCapacity;
        _idle = new AudioFrame[maxRetained];
    }

    /// <summary>Samples each frame can hold.</summary>
    public int FrameCapacity { get; }

    /// <summary>Frames created since the pool was made; flat in steady state.</summary>
    public long Created => Interlocked.Read(ref _created);

#if DEBUG
    /// <summary>Frames rented and not yet released (DEBUG builds only).</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);
#endif

    /// <summary>Rents a frame with <paramref name="sampleCount"/> valid samples (contents undefined).</summary>
    public AudioFrame Rent(int sampleRate, int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleCount, FrameCapacity);

        AudioFrame? frame = null;
        lock (_lock)
        {
            if (_idleCount > 0)
            {
                frame = _idle[--_idleCount];
                _idle[_idleCount] = null!;
            }
        }

        if (frame is null)
        {
            frame = new AudioFrame(this, FrameCapacity);
            Interlocked.Increment(ref _created);
        }

#if DEBUG
        Interlocked.Increment(ref _outstanding);
#endif
        frame.Prepare(sampleRate, sampleCount);
        return frame;
    }

    /// <summary>Rents a frame holding a copy of <paramref name="samples"/>.</summary>
    public AudioFrame Rent(int sampleRate, ReadOnlySpan<short> samples)
    {
        AudioFrame frame = Rent(sampleRate, samples.Length);
        samples.CopyTo(frame.Samples);
        return frame;
    }

    /// <summary>
    /// Rents a frame holding a copy of <paramref name="samples"/> and of the G.711 bytes they came from, one per sample
    /// (<see cref="AudioFrame.Payload"/>); with <see cref="PayloadCodec.None"/> the frame carries PCM only.
    /// </summary>
    public AudioFrame Rent(int sampleRate, ReadOnlySpan<short> samples, PayloadCodec codec, ReadOnlySpan<byte> payload)
    {
        if (codec != PayloadCodec.None && payload.Length != samples.Length)
        {
            throw new ArgumentException("A payload needs exactly one byte per sample.", nameof(payload));
        }

        AudioFrame frame = Rent(sampleRate, samples);
        if (codec != PayloadCodec.None)
        {
            frame.SetPayload(codec, payload);
        }

        return frame;
    }

    internal void Return(AudioFrame frame)
    {
#if DEBUG
        Interlocked.Decrement(ref _outstanding);
#endif
        lock (_lock)
        {
            if (_idleCount < _idle.Length)
            {
                _idle[_idleCount++] = frame;
            }
        }
    }
}
