namespace Appliance.Media.Jitter;

/// <summary>Result of <see cref="JitterBuffer.Pop"/>. Length, sequence number and timestamp are meaningful for Frame only.</summary>
public readonly record struct JitterFrame(JitterFrameKind Kind, int Length, ushort SequenceNumber, uint Timestamp)
{
    public static JitterFrame Empty => default;

    public static JitterFrame Conceal => new(JitterFrameKind.Conceal, 0, 0, 0);
}
