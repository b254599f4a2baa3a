using System.Buffers;

namespace Appliance.Providers.Realtime;

/// <summary>One WebSocket text message waiting to be sent: a reusable, growable UTF-8 buffer from a <see cref="OutboundMessagePool"/>.</summary>
/// <remarks>Implements <see cref="IBufferWriter{T}"/> so cold events can be serialized straight into it.</remarks>
internal sealed class OutboundMessage : IBufferWriter<byte>
{
    private byte[] _buffer;

    public OutboundMessage(int capacity) => _buffer = new byte[capacity];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>Caller audio (droppable under backlog) rather than a control event.</summary>
    public bool IsAudio { get; set; }

    /// <summary>Stopwatch timestamp of the oldest audio in the message, for the send-latency metric; 0 for control events.</summary>
    public long AudioTimestamp { get; set; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public void Reset()
    {
        Length = 0;
        IsAudio = false;
        AudioTimestamp = 0;
    }

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Length);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    private void Ensure(int sizeHint)
    {
        int needed = Length + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            // Grows once to the largest message seen, then the pooled buffer is reused as is.
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}
