using System.Text;
using Appliance.Media.Rtcp;

namespace Appliance.Media.Tests.Rtcp;

public class RtcpPacketTests
{
    private const string SenderReportHex = "81C8000C1A2B3C4DE8A1B2C38000000000027100000001F400013880556677880A000003000107D00000002AB2C3800000010000";
    private const string CnameHex = "81CA00071A2B3C4D01146170706C69616E6365403139322E302E322E31300000";

    private static readonly ReportBlock ReferenceBlock = new(0x55667788, 10, 3, 0x107D0, 42, 0xB2C38000, 65536);

    [Fact]
    public void Reads_the_reference_SR_SDES_compound()
    {
        byte[] data = Convert.FromHexString(SenderReportHex + CnameHex);
        var reader = new RtcpCompoundReader(data);

        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.True(RtcpReport.TryRead(packet, out RtcpReport sr, out _));
        Assert.True(sr.IsSenderReport);
        Assert.Equal(0x1A2B3C4Du, sr.Ssrc);
        Assert.Equal(0xE8A1B2C380000000UL, sr.NtpTimestamp);
        Assert.Equal(160000u, sr.RtpTimestamp);
        Assert.Equal(500u, sr.PacketCount);
        Assert.Equal(80000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportCount);
        Assert.Equal(ReferenceBlock, sr.GetReportBlock(0));

        Assert.True(reader.TryReadNext(out packet));
        Assert.True(RtcpSourceDescription.TryGetCname(packet, out uint ssrc, out ReadOnlySpan<byte> cname));
        Assert.Equal(0x1A2B3C4Du, ssrc);
        Assert.Equal("appliance@192.0.2.10", Encoding.ASCII.GetString(cname));

        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpParseError.None, reader.Error);
    }

    [Fact]
    public void Reads_real_world_SR_RR_and_skips_REMB()
    {
        Assert.True(RtcpPacket.TryParse(Convert.FromHexString("80C8000641446122E1D2B0EA004B650C0000D556000001310003BA5A"), out RtcpPacket packet, out int length, out _));
        Assert.Equal(28, length);
        Assert.True(RtcpReport.TryRead(packet, out RtcpReport sr, out _));
        Assert.Equal(1095000354u, sr.Ssrc);
        Assert.Equal(54614u, sr.RtpTimestamp);
        Assert.Equal(305u, sr.PacketCount);
        Assert.Equal(244314u, sr.OctetCount);

        // RR + PSFB REMB; the 14 trailing SRTCP bytes are not an RTCP packet, so the walk stops there with a reason.
        var reader = new RtcpCompoundReader(Convert.FromHexString(
            "81C9000700000001384B9567000000000000D214000004C900000000000000008FCE0005000000010000000052454D42010A884A384B95678000000BF9CDAEFFBEF60160B98F"));
        Assert.True(reader.TryReadNext(out packet));
        Assert.True(RtcpReport.TryRead(packet, out RtcpReport rr, out _));
        Assert.False(rr.IsSenderReport);
        Assert.Equal(new ReportBlock(0x384B9567, 0, 0, 53780, 1225, 0, 0), rr.GetReportBlock(0));
        Assert.True(reader.TryReadNext(out packet));
        Assert.Equal(RtcpPacketType.PayloadFeedback, packet.Type);
        Assert.Equal(15, packet.Count);
        Assert.False(reader.TryReadNext(out _));
        Assert.NotEqual(RtcpParseError.None, reader.Error);
    }

    [Fact]
    public void Writer_reproduces_the_reference_bytes()
    {
        var buffer = new byte[256];
        var writer = new RtcpWriter(buffer);
        Assert.True(writer.TryWriteSenderReport(0x1A2B3C4D, 0xE8A1B2C380000000, 160000, 500, 80000, [ReferenceBlock]));
        Assert.True(writer.TryWriteCname(0x1A2B3C4D, "appliance@192.0.2.10"u8));
        Assert.Equal(Convert.FromHexString(SenderReportHex + CnameHex), writer.Written.ToArray());

        writer = new RtcpWriter(buffer);
        Assert.True(writer.TryWriteReceiverReport(0x1A2B3C4D, [new ReportBlock(0x55667788, 0, 0, 2000, 12, 0, 0)]));
        Assert.True(writer.TryWriteGoodbye(0x1A2B3C4D));
        Assert.Equal(Convert.FromHexString("81C900071A2B3C4D5566778800000000000007D00000000C0000000000000000" + "81CB00011A2B3C4D"), writer.Written.ToArray());
    }

    [Fact]
    public void Goodbye_with_reason_round_trips_and_full_buffers_write_nothing()
    {
        var buffer = new byte[64];
        var writer = new RtcpWriter(buffer);
        Assert.True(writer.TryWriteReceiverReport(7, []));
        Assert.True(writer.TryWriteGoodbye(7, "hangup"u8));
        Assert.Equal(8 + 16, writer.BytesWritten);
        Assert.False(writer.TryWriteCname(7, new byte[60]));
        Assert.Equal(24, writer.BytesWritten);

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, writer.BytesWritten));
        Assert.True(reader.TryReadNext(out _));
        Assert.True(reader.TryReadNext(out RtcpPacket bye));
        Assert.True(RtcpGoodbye.TryRead(bye, out RtcpGoodbye goodbye));
        Assert.Equal(1, goodbye.SourceCount);
        Assert.Equal(7u, goodbye.GetSsrc(0));
        Assert.Equal("hangup", Encoding.ASCII.GetString(goodbye.Reason));
    }

    [Theory]
    [InlineData("81CA00071A2B3C4D", RtcpParseError.LengthOverrun)]
    [InlineData("41C900011A2B3C4D", RtcpParseError.BadVersion)]
    [InlineData("81CB00011A2B3C4D", RtcpParseError.NotReportFirst)]
    [InlineData("A1C900011A2B3C00", RtcpParseError.BadPadding)]
    [InlineData("81C9", RtcpParseError.TooShort)]
    public void Malformed_compounds_stop_with_a_reason(string hex, RtcpParseError reason)
    {
        var reader = new RtcpCompoundReader(Convert.FromHexString(hex));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(reason, reader.Error);
    }

    [Fact]
    public void Report_count_larger_than_the_packet_is_rejected()
    {
        Assert.True(RtcpPacket.TryParse(Convert.FromHexString("82C900071A2B3C4D5566778800000000000007D00000000C0000000000000000"), out RtcpPacket packet, out _, out _));
        Assert.False(RtcpReport.TryRead(packet, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.CountOverrun, error);
    }

    [Fact]
    public void Every_prefix_and_random_bytes_never_throw()
    {
        byte[] data = Convert.FromHexString(SenderReportHex + CnameHex);
        for (int length = 0; length < data.Length; length++)
        {
            Walk(data.AsSpan(0, length));
        }

        var random = new Random(5761);
        var buffer = new byte[96];
        for (int i = 0; i < 100_000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80);
            buffer[1] = (byte)(200 + (buffer[1] % 7));
            Walk(buffer.AsSpan(0, random.Next(buffer.Length + 1)));
        }
    }

    [Fact]
    public void Rtcp_mux_separates_RTCP_from_RTP()
    {
        Assert.True(RtcpMux.IsRtcp(Convert.FromHexString(SenderReportHex)));
        Assert.True(RtcpMux.IsRtcp(Convert.FromHexString("81CB00011A2B3C4D")));
        Assert.False(RtcpMux.IsRtcp(Convert.FromHexString("808003E8000271001A2B3C4D")));
        Assert.False(RtcpMux.IsRtcp(Convert.FromHexString("80E507D00004E2001A2B3C4D050A00A0")));
        Assert.False(RtcpMux.IsRtcp([0x80]));
    }

    [Fact]
    public void Reading_and_writing_reports_allocate_nothing()
    {
        byte[] data = Convert.FromHexString(SenderReportHex + CnameHex);
        var buffer = new byte[128];
        ReportBlock[] blocks = [ReferenceBlock];
        Walk(data);
        uint sum = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var reader = new RtcpCompoundReader(data);
            reader.TryReadNext(out RtcpPacket packet);
            RtcpReport.TryRead(packet, out RtcpReport report, out _);
            sum += report.GetReportBlock(0).Jitter;
            var writer = new RtcpWriter(buffer);
            writer.TryWriteReceiverReport(1, blocks);
            writer.TryWriteCname(1, "appliance@192.0.2.10"u8);
            sum += (uint)writer.BytesWritten;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000u * (42 + 64), sum);
    }

    private static void Walk(ReadOnlySpan<byte> data)
    {
        var reader = new RtcpCompoundReader(data);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            if (RtcpReport.TryRead(packet, out RtcpReport report, out _))
            {
                for (int i = 0; i < report.ReportCount; i++)
                {
                    _ = report.GetReportBlock(i);
                }

                _ = report.NtpTimestamp + report.Ssrc;
            }

            RtcpSourceDescription.TryGetCname(packet, out _, out _);
            if (RtcpGoodbye.TryRead(packet, out RtcpGoodbye goodbye))
            {
                for (int i = 0; i < goodbye.SourceCount; i++)
                {
                    _ = goodbye.GetSsrc(i);
                }
            }
        }
    }
}
