using System.Buffers.Binary;

namespace Appliance.Media.Rtcp;

/// <summary>One reception report block of an SR or RR (RFC 3550 §6.4.1).</summary>
/// <param name="Ssrc">Source this block reports on.</param>
/// <param name="FractionLost">Lost since the previous report, as a fraction of 256.</param>
/// <param name="CumulativeLost">Total lost, signed 24-bit (duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequence">Cycles × 65536 + highest sequence number received.</param>
/// <param name="Jitter">Interarrival jitter in RTP timestamp units.</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last SR received (LSR), or 0.</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR in 1/65536 s (DLSR), or 0.</param>
public readonly record struct ReportBlock(
    uint Ssrc, byte FractionLost, int CumulativeLost, uint ExtendedHighestSequence, uint Jitter, uint LastSenderReport, uint DelaySinceLastSenderReport)
{
    /// <summary>Size on the wire.</summary>
    public const int Size = 24;

    /// <summary>Reads a block from the first 24 bytes of <paramref name="source"/>.</summary>
    public static ReportBlock Read(ReadOnlySpan<byte> source)
    {
        source = source[..Size];
        int lost = (source[5] << 16) | (source[6] << 8) | source[7];
        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            (lost << 8) >> 8,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }

    /// <summary>Writes the block into the first 24 bytes of <paramref name="destination"/>, clamping the cumulative loss to 24 bits.</summary>
    public void Write(Span<byte> destination)
    {
        destination = destination[..Size];
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        int lost = Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        destination[4] = FractionLost;
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}
