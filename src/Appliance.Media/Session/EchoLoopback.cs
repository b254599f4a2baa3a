using System.Buffers;

namespace Appliance.Media.Session;

/// <summary>
/// Connects a session's inbound sink to its outbound source through a small ring, so the caller hears itself after
/// decode → jitter → encode. For tests, benchmarks and a line check. Called by the session on the pacer thread only
/// (sink then source within one tick), so it needs no lock. Dispose returns the pooled ring.
/// </summary>
public sealed class EchoLoopback : IMediaAudioSink, IMediaAudioSource, IDisposable
{
    private short[] _ring;
    private int _read;
    private int _count;

    /// <param name="capacitySamples">Ring size; audio beyond it (a stalled reader) overwrites the oldest samples.</param>
    public EchoLoopback(int capacitySamples = 16000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacitySamples);
        _ring = ArrayPool<short>.Shared.Rent(capacitySamples);
    }

    /// <summary>Samples waiting to be echoed.</summary>
    public int Buffered => _count;

    public void OnInboundAudio(ReadOnlySpan<short> pcm)
    {
        int capacity = _ring.Length;
        if (capacity == 0)
        {
            return;
        }

        if (pcm.Length > capacity)
        {
            pcm = pcm[^capacity..];
        }

        int overflow = _count + pcm.Length - capacity;
        if (overflow > 0)
        {
            _read = (_read + overflow) % capacity;
            _count -= overflow;
        }

        int write = (_read + _count) % capacity;
        int first = Math.Min(pcm.Length, capacity - write);
        pcm[..first].CopyTo(_ring.AsSpan(write));
        pcm[first..].CopyTo(_ring);
        _count += pcm.Length;
    }

    public int ReadOutbound(Span<short> pcm)
    {
        int take = Math.Min(pcm.Length, _count);
        if (take == 0)
        {
            return 0;
        }

        int first = Math.Min(take, _ring.Length - _read);
        _ring.AsSpan(_read, first).CopyTo(pcm);
        _ring.AsSpan(0, take - first).CopyTo(pcm[first..]);
        _read = (_read + take) % _ring.Length;
        _count -= take;
        return take;
    }

    public void Dispose()
    {
        if (_ring.Length > 0)
        {
            ArrayPool<short>.Shared.Return(_ring);
            _ring = [];
            _count = 0;
            _read = 0;
        }
    }
}
