using System.Diagnostics;
using Appliance.Media.Codecs;

namespace Appliance.Pipeline.Frames;

/// <summary>
/// Mono 16-bit PCM over a fixed-capacity buffer owned by an <see cref="AudioFramePool"/>, optionally with the G.711 bytes
/// the samples came from (<see cref="Payload"/>), so G.711 audio can pass between the call and a model untouched.
/// </summary>
/// <remarks>
/// The frame object and its buffers are recycled together, so a steady stream of audio allocates nothing.
/// Ownership moves with the frame: pushing it downstream hands it on, everyone else must <see cref="Release"/> it.
/// A processor that changes <see cref="Samples"/> must pass on a new frame without the payload, or the bytes would
/// contradict the audio.
/// </remarks>
public sealed class AudioFrame : DataFrame
{
    private readonly AudioFramePool _pool;
    private readonly short[] _buffer;
    private byte[]? _payload;
    private int _rented;

    internal AudioFrame(AudioFramePool pool, int capacity)
    {
        _pool = pool;
        _buffer = new short[capacity];
    }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; private set; }

    /// <summary>Always 1: the pipeline carries mono telephony audio.</summary>
    public int Channels => 1;

    /// <summary>Number of valid samples in <see cref="Samples"/>.</summary>
    public int SampleCount { get; private set; }

    /// <summary>Most samples this frame can hold.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The valid samples, in place in the pooled buffer (no copy).</summary>
    public Span<short> Samples => _buffer.AsSpan(0, SampleCount);

    /// <summary>The codec of <see cref="Payload"/>; <see cref="PayloadCodec.None"/> when the frame carries PCM only.</summary>
    public PayloadCodec PayloadCodec { get; private set; }

    /// <summary>The samples' G.711 bytes, one per sample, in place in the pooled buffer; empty when <see cref="PayloadCodec"/> is None.</summary>
    public ReadOnlySpan<byte> Payload => PayloadCodec == PayloadCodec.None ? default : _payload.AsSpan(0, SampleCount);

    /// <summary>Length of the audio in this frame.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(SampleCount * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>Returns the frame to its pool; the holder must not touch it afterwards.</summary>
    public override void Release()
    {
        if (Interlocked.Exchange(ref _rented, 0) == 0)
        {
            // A second release would put the frame in the pool twice and hand it to two owners.
            // DEBUG builds fail loudly; release builds refuse quietly rather than corrupt the pool.
            ReportDoubleRelease();
            return;
        }

        _pool.Return(this);
    }

    internal void Prepare(int sampleRate, int sampleCount)
    {
        SampleRate = sampleRate;
        SampleCount = sampleCount;
        PayloadCodec = PayloadCodec.None;
        _rented = 1;
    }

    /// <summary>Attaches a copy of <paramref name="payload"/> (exactly <see cref="SampleCount"/> bytes, checked by the pool).</summary>
    internal void SetPayload(PayloadCodec codec, ReadOnlySpan<byte> payload)
    {
        Debug.Assert(codec != PayloadCodec.None && payload.Length == SampleCount, "One payload byte per sample.");

        // Allocated once per frame object, the first time it carries bytes, and recycled with it.
        _payload ??= new byte[_buffer.Length];
        payload.CopyTo(_payload);
        PayloadCodec = codec;
    }

    [Conditional("DEBUG")]
    private static void ReportDoubleRelease() => throw new InvalidOperationException("AudioFrame released twice.");
}
