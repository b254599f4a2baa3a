using System.Buffers;
using System.Numerics;

namespace Appliance.Media.Jitter;

/// <summary>
/// Per-call adaptive jitter buffer for fixed-duration audio frames (one RTP packet = one frame).
/// Packets are copied into a fixed ring of pooled slots indexed by extended sequence number; the caller pops one frame
/// per frame period with an explicit <c>now</c>. No timers, no locks: one receive thread pushes and the same thread, or
/// one serialized with it, pops.
/// <para>
/// Delay control: the target delay is one frame plus three times the RFC 3550 jitter estimate, clamped to the
/// configured range. Over each adaptation window the buffer tracks the lowest depth seen at pop time; a minimum above
/// the target drops one frame (absorbs a fast sender clock), below it inserts one concealed frame (slow sender clock,
/// rising jitter). A talkspurt start (marker bit, or a timestamp jump) that finds the buffer drained re-primes it to
/// the current target, which is where delay changes are inaudible.
/// </para>
/// </summary>
public sealed class JitterBuffer : IDisposable
{
    /// <summary>How far behind the playout point a packet may be and still count as late rather than a restarted sender.</summary>
    private const int MaxMisorder = 100;

    private const int JitterWarmupPackets = 16;

    private readonly JitterBufferOptions _options;
    private readonly Slot[] _slots;
    private readonly byte[] _payloads;
    private readonly int _mask;
    private readonly int _samplesPerFrame;
    private readonly int _minFrames;
    private readonly int _maxFrames;
    private JitterBufferStatistics _statistics;

    private bool _started;
    private bool _playing;
    private uint _ssrc;
    private long _next;
    private long _highest;
    private TimeSpan _primeUntil;
    private int _targetFrames;

    private bool _haveReference;
    private TimeSpan _lastArrival;
    private uint _lastTimestamp;
    private long _lastSequence;
    private double _jitterSeconds;
    private long _jitterSamples;

    private int _windowPops;
    private int _windowMinDepth;
    private bool _disposed;

    public JitterBuffer(JitterBufferOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FrameDuration, TimeSpan.Zero);
        _options = options;
        _samplesPerFrame = (int)Math.Round(options.ClockRate * options.FrameDuration.TotalSeconds);
        _minFrames = Math.Max(1, Frames(options.MinDelay));
        _maxFrames = Math.Max(_minFrames, Frames(options.MaxDelay));
        _targetFrames = Math.Clamp(Frames(options.InitialDelay), _minFrames, _maxFrames);

        // Room for the maximum delay plus as much again for a burst that arrives while the buffer is full.
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)((2 * _maxFrames) + 2));
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        _payloads = ArrayPool<byte>.Shared.Rent(capacity * options.MaxPayloadSize);
        ResetWindow();
        ClearSlots();
    }

    /// <summary>Counters plus current depth, jitter and target delay.</summary>
    public JitterBufferStatistics Statistics
    {
        get
        {
            JitterBufferStatistics statistics = _statistics;
            statistics.Jitter = TimeSpan.FromSeconds(_jitterSeconds);
            statistics.TargetDelay = _options.FrameDuration * _targetFrames;
            statistics.Depth = Depth;
            return statistics;
        }
    }

    private int Depth => _started && _highest >= _next ? (int)(_highest - _next + 1) : 0;

    /// <summary>Stores one received RTP packet's payload.</summary>
    public JitterPushResult Push(TimeSpan arrival, uint ssrc, ushort sequenceNumber, uint timestamp, bool marker, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > _options.MaxPayloadSize)
        {
            return JitterPushResult.TooLarge;
        }

        if (!_started || ssrc != _ssrc)
        {
            return Restart(arrival, ssrc, sequenceNumber, timestamp, payload);
        }

        long sequence = _highest + (short)(sequenceNumber - (ushort)_highest);
        if (sequence < _next)
        {
            if (_next - sequence > MaxMisorder)
            {
                return Restart(arrival, ssrc, sequenceNumber, timestamp, payload);
            }

            _statistics.Late++;
            return JitterPushResult.Late;
        }

        if (sequence - _next >= _slots.Length)
        {
            return Restart(arrival, ssrc, sequenceNumber, timestamp, payload);
        }

        ref Slot slot = ref _slots[sequence & _mask];
        if (slot.Sequence == sequence)
        {
            _statistics.Duplicates++;
            return JitterPushResult.Duplicate;
        }

        bool drained = Depth == 0;
        bool timestampJump = IsTimestampJump(sequence, timestamp);
        if (timestampJump && !drained)
        {
            // The buffered frames belong to another timeline (e.g. a restarted source keeping its SSRC).
            return Restart(arrival, ssrc, sequenceNumber, timestamp, payload);
        }

        if ((marker || timestampJump) && drained && _playing)
        {
            // Talkspurt start after silence: begin again at this packet with the current target delay.
            _next = sequence;
            _playing = false;
            _primeUntil = arrival + (_options.FrameDuration * _targetFrames);
        }

        UpdateJitter(arrival, sequence, timestamp, marker || timestampJump);
        Store(ref slot, sequence, timestamp, payload);
        if (sequence > _highest)
        {
            _highest = sequence;
        }

        return JitterPushResult.Accepted;
    }

    /// <summary>Takes the frame due now. Call once per frame period; <paramref name="destination"/> must hold MaxPayloadSize bytes.</summary>
    public JitterFrame Pop(TimeSpan now, Span<byte> destination)
    {
        if (!_started)
        {
            return JitterFrame.Empty;
        }

        if (!_playing)
        {
            if (now < _primeUntil)
            {
                return JitterFrame.Empty;
            }

            _playing = true;
        }

        // A burst far beyond the maximum delay is trimmed at once rather than one frame per window.
        while (Depth > _maxFrames)
        {
            Discard();
        }

        int depth = Depth;
        _windowMinDepth = Math.Min(_windowMinDepth, depth);
        if (++_windowPops >= _options.AdaptationWindow)
        {
            int minimum = _windowMinDepth;
            ResetWindow();
            if (minimum > _targetFrames && depth > 1)
            {
                Discard();
                depth--;
            }
            else if (minimum < _targetFrames && depth > 0)
            {
                _statistics.Inserted++;
                return JitterFrame.Conceal;
            }
        }

        if (depth == 0)
        {
            // Hold the playout point: a late burst then plays in order, and the delay grows by the gap.
            _statistics.Underruns++;
            return JitterFrame.Empty;
        }

        ref Slot slot = ref _slots[_next & _mask];
        if (slot.Sequence != _next)
        {
            _next++;
            _statistics.Lost++;
            return JitterFrame.Conceal;
        }

        _payloads.AsSpan(PayloadOffset(_next), slot.Length).CopyTo(destination);
        var frame = new JitterFrame(JitterFrameKind.Frame, slot.Length, (ushort)_next, slot.Timestamp);
        slot.Sequence = -1;
        _next++;
        _statistics.Played++;
        return frame;
    }

    /// <summary>Returns the pooled payload memory; the buffer must not be used afterwards.</summary>
    public void Dispose()
    {
        // Returning the array twice would hand the same memory to two future renters.
        if (!_disposed)
        {
            _disposed = true;
            ArrayPool<byte>.Shared.Return(_payloads);
        }
    }

    private JitterPushResult Restart(TimeSpan arrival, uint ssrc, ushort sequenceNumber, uint timestamp, ReadOnlySpan<byte> payload)
    {
        bool resync = _started;
        if (resync)
        {
            _statistics.Resyncs++;
            ClearSlots();
        }

        _started = true;
        _playing = false;
        _ssrc = ssrc;
        // Offset by one cycle so that the extended numbers of slightly older packets stay positive.
        _next = _highest = 65536 + sequenceNumber;
        _primeUntil = arrival + (_options.FrameDuration * _targetFrames);
        _haveReference = false;
        ResetWindow();
        UpdateJitter(arrival, _next, timestamp, restart: true);
        Store(ref _slots[_next & _mask], _next, timestamp, payload);
        return resync ? JitterPushResult.Resynchronized : JitterPushResult.Accepted;
    }

    private void Store(ref Slot slot, long sequence, uint timestamp, ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(_payloads.AsSpan(PayloadOffset(sequence), _options.MaxPayloadSize));
        slot = new Slot { Sequence = sequence, Length = payload.Length, Timestamp = timestamp };
        _statistics.Received++;
    }

    private void Discard()
    {
        _slots[_next & _mask].Sequence = -1;
        _next++;
        _statistics.Dropped++;
    }

    /// <summary>A timestamp that disagrees with the sequence number by more than the maximum delay.</summary>
    private bool IsTimestampJump(long sequence, uint timestamp)
    {
        if (!_haveReference)
        {
            return false;
        }

        long expected = (sequence - _lastSequence) * _samplesPerFrame;
        long actual = (int)(timestamp - _lastTimestamp);
        return Math.Abs(actual - expected) > (long)_samplesPerFrame * _maxFrames;
    }

    /// <summary>RFC 3550 §6.4.1 J += (|D| − J)/16, skipping the packet that opens a talkspurt or a new timeline.</summary>
    private void UpdateJitter(TimeSpan arrival, long sequence, uint timestamp, bool restart)
    {
        if (_haveReference && !restart)
        {
            double transitDelta = (arrival - _lastArrival).TotalSeconds - ((double)(int)(timestamp - _lastTimestamp) / _options.ClockRate);
            _jitterSeconds += (Math.Abs(transitDelta) - _jitterSeconds) / 16;
            if (++_jitterSamples >= JitterWarmupPackets)
            {
                int jitterFrames = (int)Math.Ceiling(3 * _jitterSeconds / _options.FrameDuration.TotalSeconds);
                _targetFrames = Math.Clamp(1 + jitterFrames, _minFrames, _maxFrames);
            }
        }

        _haveReference = true;
        _lastArrival = arrival;
        _lastTimestamp = timestamp;
        _lastSequence = sequence;
    }

    private void ResetWindow()
    {
        _windowPops = 0;
        _windowMinDepth = int.MaxValue;
    }

    private void ClearSlots()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i].Sequence = -1;
        }
    }

    private int PayloadOffset(long sequence) => (int)(sequence & _mask) * _options.MaxPayloadSize;

    private int Frames(TimeSpan delay) => (int)Math.Ceiling(delay / _options.FrameDuration);

    private struct Slot
    {
        public long Sequence;
        public int Length;
        public uint Timestamp;
    }
}
