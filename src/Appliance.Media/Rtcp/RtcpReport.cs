using System.Buffers.Binary;

namespace Appliance.Media.Rtcp;

/// <summary>A view over an SR or RR packet: reporter SSRC, sender info (SR only) and report blocks.</summary>
public readonly ref struct RtcpReport
{
    private const int SenderInfoSize = 20;
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _blocksOffset;

    private RtcpReport(ReadOnlySpan<byte> body, bool isSender, int count)
    {
        _body = body;
        IsSenderReport = isSender;
        ReportCount = count;
        _blocksOffset = isSender ? 4 + SenderInfoSize : 4;
    }

    /// <summary>True for SR, false for RR.</summary>
    public bool IsSenderReport { get; }

    /// <summary>Number of report blocks.</summary>
    public int ReportCount { get; }

    /// <summary>SSRC of the packet's sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SR: 64-bit NTP timestamp (seconds since 1900 in the high 32 bits); 0 for RR.</summary>
    public ulong NtpTimestamp => IsSenderReport ? BinaryPrimitives.ReadUInt64BigEndian(_body[4..]) : 0;

    /// <summary>SR: RTP timestamp corresponding to <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp => IsSenderReport ? BinaryPrimitives.ReadUInt32BigEndian(_body[12..]) : 0;

    /// <summary>SR: packets sent.</summary>
    public uint PacketCount => IsSenderReport ? BinaryPrimitives.ReadUInt32BigEndian(_body[16..]) : 0;

    /// <summary>SR: payload octets sent.</summary>
    public uint OctetCount => IsSenderReport ? BinaryPrimitives.ReadUInt32BigEndian(_body[20..]) : 0;

    /// <summary>The report block at <paramref name="index"/>.</summary>
    public ReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)ReportCount, nameof(index));
        return ReportBlock.Read(_body[(_blocksOffset + (index * ReportBlock.Size))..]);
    }

    /// <summary>Interprets <paramref name="packet"/> as SR or RR; false for other types or if the blocks do not fit.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpReport report, out RtcpParseError error)
    {
        report = default;
        bool isSender = packet.Type == RtcpPacketType.SenderReport;
        if (!isSender && packet.Type != RtcpPacketType.ReceiverReport)
        {
            error = RtcpParseError.TooShort;
            return false;
        }

        int needed = (isSender ? 4 + SenderInfoSize : 4) + (packet.Count * ReportBlock.Size);
        if (packet.Body.Length < needed)
        {
            error = packet.Body.Length < (isSender ? 4 + SenderInfoSize : 4) ? RtcpParseError.TooShort : RtcpParseError.CountOverrun;
            return false;
        }

        report = new RtcpReport(packet.Body, isSender, packet.Count);
        error = RtcpParseError.None;
        return true;
    }
}
