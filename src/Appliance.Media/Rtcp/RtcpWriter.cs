using System.Buffers.Binary;

namespace Appliance.Media.Rtcp;

/// <summary>
/// Appends RTCP packets to a caller-supplied buffer to build a compound packet (SR or RR first, then SDES, then BYE).
/// Each Try method writes a whole packet or nothing.
/// </summary>
public ref struct RtcpWriter
{
    private readonly Span<byte> _buffer;

    /// <summary>Starts writing at the beginning of <paramref name="buffer"/>.</summary>
    public RtcpWriter(Span<byte> buffer) => _buffer = buffer;

    /// <summary>Bytes written so far.</summary>
    public int BytesWritten { get; private set; }

    /// <summary>The compound packet written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[..BytesWritten];

    /// <summary>Appends an SR with up to 31 report blocks.</summary>
    public bool TryWriteSenderReport(uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount, scoped ReadOnlySpan<ReportBlock> blocks)
    {
        if (!TryBegin(RtcpPacketType.SenderReport, blocks.Length, 24 + (blocks.Length * ReportBlock.Size), out Span<byte> body))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(body, ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(body[4..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(body[12..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(body[20..], octetCount);
        WriteBlocks(body[24..], blocks);
        return true;
    }

    /// <summary>Appends an RR with up to 31 report blocks.</summary>
    public bool TryWriteReceiverReport(uint ssrc, scoped ReadOnlySpan<ReportBlock> blocks)
    {
        if (!TryBegin(RtcpPacketType.ReceiverReport, blocks.Length, 4 + (blocks.Length * ReportBlock.Size), out Span<byte> body))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(body, ssrc);
        WriteBlocks(body[4..], blocks);
        return true;
    }

    /// <summary>Appends an SDES packet with one chunk holding the CNAME item (at most 255 bytes).</summary>
    public bool TryWriteCname(uint ssrc, scoped ReadOnlySpan<byte> cname)
    {
        // SSRC, type, length, value, then at least one null octet, padded to 32 bits.
        int length = (4 + 2 + cname.Length + 4) & ~3;
        if (cname.Length > 255 || !TryBegin(RtcpPacketType.SourceDescription, 1, length, out Span<byte> body))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(body, ssrc);
        body[4] = RtcpSourceDescription.Cname;
        body[5] = (byte)cname.Length;
        cname.CopyTo(body[6..]);
        body[(6 + cname.Length)..].Clear();
        return true;
    }

    /// <summary>Appends a BYE for <paramref name="ssrc"/> with an optional UTF-8 reason (at most 255 bytes).</summary>
    public bool TryWriteGoodbye(uint ssrc, scoped ReadOnlySpan<byte> reason = default)
    {
        int length = reason.IsEmpty ? 4 : (4 + 1 + reason.Length + 3) & ~3;
        if (reason.Length > 255 || !TryBegin(RtcpPacketType.Goodbye, 1, length, out Span<byte> body))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(body, ssrc);
        if (!reason.IsEmpty)
        {
            body[4] = (byte)reason.Length;
            reason.CopyTo(body[5..]);
            body[(5 + reason.Length)..].Clear();
        }

        return true;
    }

    private bool TryBegin(RtcpPacketType type, int count, int bodyLength, out Span<byte> body)
    {
        int total = RtcpPacket.HeaderSize + bodyLength;
        if (count > 31 || _buffer.Length - BytesWritten < total)
        {
            body = default;
            return false;
        }

        Span<byte> packet = _buffer.Slice(BytesWritten, total);
        packet[0] = (byte)(0x80 | count);
        packet[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)((total / 4) - 1));
        body = packet[RtcpPacket.HeaderSize..];
        BytesWritten += total;
        return true;
    }

    private static void WriteBlocks(Span<byte> destination, ReadOnlySpan<ReportBlock> blocks)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(i * ReportBlock.Size)..]);
        }
    }
}
