using Appliance.Media.Rtp;

namespace Appliance.Media.Tests.Rtp;

public class RtpPacketTests
{
    private static readonly byte[] PcmuFirst = Convert.FromHexString("808003E8000271001A2B3C4D" + new string('F', 320));

    [Fact]
    public void Parses_the_reference_PCMU_packet()
    {
        Assert.True(RtpPacket.TryParse(PcmuFirst, out RtpPacket packet));
        Assert.True(packet.Marker);
        Assert.Equal(0, packet.PayloadType);
        Assert.Equal(1000, packet.SequenceNumber);
        Assert.Equal(160000u, packet.Timestamp);
        Assert.Equal(0x1A2B3C4Du, packet.Ssrc);
        Assert.Equal(160, packet.Payload.Length);
        Assert.True(packet.Payload.IndexOfAnyExcept((byte)0xFF) < 0);
        Assert.False(packet.HasExtension);
        Assert.False(packet.HasPadding);
    }

    [Fact]
    public void Parses_the_sipsorcery_packet_and_DTMF_header()
    {
        Assert.True(RtpPacket.TryParse(Convert.FromHexString("800000099D5904B4838FCECF7F1E"), out RtpPacket packet));
        Assert.Equal(9, packet.SequenceNumber);
        Assert.Equal(2639856820u, packet.Timestamp);
        Assert.Equal(0x838FCECFu, packet.Ssrc);
        Assert.Equal([0x7F, 0x1E], packet.Payload.ToArray());

        Assert.True(RtpPacket.TryParse(Convert.FromHexString("80E507D00004E2001A2B3C4D050A00A0"), out packet));
        Assert.True(packet.Marker);
        Assert.Equal(101, packet.PayloadType);
        Assert.Equal(2000, packet.SequenceNumber);
        Assert.Equal(320000u, packet.Timestamp);
    }

    [Fact]
    public void Exposes_CSRCs_and_extension_and_strips_padding()
    {
        // V=2 P=1 X=1 CC=2 | PT 8 | csrc 1, 2 | ext profile 0xBEDE, 1 word | payload AB CD | 3 padding bytes (last = 3)
        byte[] data = Convert.FromHexString("B2080001000000100000000A0000000100000002BEDE000110AA0000ABCD000003");
        Assert.True(RtpPacket.TryParse(data, out RtpPacket packet));
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(1u, packet.GetCsrc(0));
        Assert.Equal(2u, packet.GetCsrc(1));
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal([0x10, 0xAA, 0x00, 0x00], packet.ExtensionData.ToArray());
        Assert.Equal([0xAB, 0xCD], packet.Payload.ToArray());
        Assert.Equal(28, packet.HeaderLength);
    }

    [Theory]
    [InlineData("80000001000000000000", RtpParseError.TooShort)]
    [InlineData("400000010000000000000001", RtpParseError.BadVersion)]
    [InlineData("830000010000000000000001000000AA", RtpParseError.CsrcOverrun)]
    [InlineData("9000000100000000000000010000", RtpParseError.ExtensionOverrun)]
    [InlineData("90000001000000000000000100000002AAAAAAAA", RtpParseError.ExtensionOverrun)]
    [InlineData("A000000100000000000000010103", RtpParseError.BadPadding)]
    [InlineData("A000000100000000000000010100", RtpParseError.BadPadding)]
    public void Rejects_malformed_packets_with_a_reason(string hex, RtpParseError reason)
    {
        Assert.False(RtpPacket.TryParse(Convert.FromHexString(hex), out _, out RtpParseError error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Every_proper_prefix_of_the_header_is_rejected()
    {
        byte[] data = Convert.FromHexString("92080001000000100000000A0000000100000002BEDE000110AA0000");
        for (int length = 0; length < data.Length; length++)
        {
            Assert.False(RtpPacket.TryParse(data.AsSpan(0, length), out _));
        }

        Assert.True(RtpPacket.TryParse(data, out RtpPacket packet));
        Assert.Equal(0, packet.Payload.Length);
    }

    [Fact]
    public void Random_bytes_never_throw_and_accepted_packets_are_consistent()
    {
        var random = new Random(3550);
        var buffer = new byte[64];
        int accepted = 0;
        for (int i = 0; i < 200_000; i++)
        {
            int length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer);
            buffer[0] = (byte)((buffer[0] & 0x3F) | (i % 4 == 0 ? 0 : 0x80));
            if (RtpPacket.TryParse(buffer.AsSpan(0, length), out RtpPacket packet))
            {
                accepted++;
                Assert.Equal(2, buffer[0] >> 6);
                Assert.InRange(packet.HeaderLength + packet.Payload.Length, 12, length);
                Assert.Equal(packet.HasPadding ? length - buffer[length - 1] : length, packet.HeaderLength + packet.Payload.Length);
                _ = packet.ExtensionData.Length + packet.ExtensionProfile;
            }
        }

        Assert.InRange(accepted, 1000, 200_000);
    }

    [Fact]
    public void Writer_round_trips_and_matches_the_reference_bytes()
    {
        var payload = new byte[160];
        payload.AsSpan().Fill(0xFF);
        var buffer = new byte[200];
        var header = new RtpHeader(0, 1000, 160000, 0x1A2B3C4D, Marker: true);

        Assert.True(header.TryWrite(payload, buffer, out int written));
        Assert.Equal(PcmuFirst, buffer[..written]);
        Assert.False(header.TryWrite(payload, buffer.AsSpan(0, 171), out written));
        Assert.Equal(0, written);

        Assert.True((header with { Marker = false, SequenceNumber = 1001, Timestamp = 160160 }).TryWrite(payload, buffer, out written));
        Assert.Equal(Convert.FromHexString("800003E9000271A01A2B3C4D"), buffer[..12]);
    }

    [Fact]
    public void Parse_and_write_allocate_nothing()
    {
        var payload = new byte[160];
        var buffer = new byte[172];
        var header = new RtpHeader(0, 1, 0, 42);
        header.TryWrite(payload, buffer, out _);
        RtpPacket.TryParse(buffer, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            (header with { SequenceNumber = (ushort)i }).TryWrite(payload, buffer, out _);
            RtpPacket.TryParse(buffer, out RtpPacket packet);
            sum += packet.SequenceNumber + packet.Payload.Length;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);
    }
}
