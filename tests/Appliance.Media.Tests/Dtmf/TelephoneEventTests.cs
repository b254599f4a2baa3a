using Appliance.Media.Dtmf;
using Appliance.Media.Rtp;
using Appliance.Media.Tests.Codecs;

namespace Appliance.Media.Tests.Dtmf;

public class TelephoneEventTests
{
    [Fact]
    public void Parses_and_serializes_the_reference_payloads()
    {
        Assert.True(TelephoneEvent.TryRead(Convert.FromHexString("058A0320"), out TelephoneEvent end));
        Assert.Equal(new TelephoneEvent(5, true, 10, 800), end);
        Assert.True(TelephoneEvent.TryRead(Convert.FromHexString("0B8A0640"), out TelephoneEvent pound));
        Assert.Equal(new TelephoneEvent(11, true, 10, 1600), pound);

        // R bit set and volume 63 must not leak into each other (the 0xCF masking bug).
        Assert.True(TelephoneEvent.TryRead([0x01, 0x7F, 0x00, 0x10], out TelephoneEvent loud));
        Assert.Equal(new TelephoneEvent(1, false, 63, 16), loud);

        var buffer = new byte[4];
        Assert.True(new TelephoneEvent(11, true, 10, 1600).TryWrite(buffer));
        Assert.Equal(Convert.FromHexString("0B8A0640"), buffer);
        Assert.True(new TelephoneEvent(1, false, 63, 16).TryWrite(buffer));
        Assert.Equal([0x01, 0x3F, 0x00, 0x10], buffer);
        Assert.False(TelephoneEvent.TryRead(buffer.AsSpan(0, 3), out _));
        Assert.False(new TelephoneEvent(1, false, 1, 1).TryWrite(buffer.AsSpan(0, 3)));
    }

    [Theory]
    [InlineData("dtmf_2833_0.pcap", '0')]
    [InlineData("dtmf_2833_1.pcap", '1')]
    [InlineData("dtmf_2833_2.pcap", '2')]
    [InlineData("dtmf_2833_3.pcap", '3')]
    [InlineData("dtmf_2833_4.pcap", '4')]
    [InlineData("dtmf_2833_5.pcap", '5')]
    [InlineData("dtmf_2833_6.pcap", '6')]
    [InlineData("dtmf_2833_7.pcap", '7')]
    [InlineData("dtmf_2833_8.pcap", '8')]
    [InlineData("dtmf_2833_9.pcap", '9')]
    [InlineData("dtmf_2833_star.pcap", '*')]
    [InlineData("dtmf_2833_pound.pcap", '#')]
    public void SIPp_captures_yield_exactly_their_digit(string file, char expected)
    {
        List<byte[]> datagrams = PcapReader.UdpPayloads(TestFiles.ReadReference("Dtmf/Data/" + file));
        var receiver = new TelephoneEventReceiver();
        var digits = new List<char>();
        int ends = 0;
        foreach (byte[] datagram in datagrams)
        {
            Assert.True(RtpPacket.TryParse(datagram, out RtpPacket packet));
            Assert.Equal(101, packet.PayloadType);
            Assert.True(TelephoneEvent.TryRead(packet.Payload, out TelephoneEvent e));
            ends += e.End ? 1 : 0;
            if (receiver.TryAccept(packet, out DtmfDigit digit))
            {
                digits.Add(digit.Symbol);
            }
        }

        Assert.Equal(3, ends); // the captures repeat the end packet, with the same sequence number
        Assert.Equal([expected], digits);
    }

    [Fact]
    public void Lost_start_lost_ends_and_repeated_presses_each_count_once()
    {
        var receiver = new TelephoneEventReceiver();
        var buffer = new byte[4];
        bool Feed(uint ts, byte evt, bool end, ushort duration)
        {
            new TelephoneEvent(evt, end, 10, duration).TryWrite(buffer);
            return receiver.TryAccept(0x1234, ts, buffer, out _);
        }

        // Start (M) packet lost: the first update still reports the digit, updates and ends do not repeat it.
        Assert.True(Feed(1000, 5, false, 320));
        Assert.False(Feed(1000, 5, false, 480));
        Assert.False(Feed(1000, 5, true, 800));
        Assert.False(Feed(1000, 5, true, 800));
        Assert.False(Feed(1000, 5, true, 800));

        // Same key pressed again: new timestamp → new digit, even with every end packet lost.
        Assert.True(Feed(5000, 5, false, 160));
        Assert.True(Feed(9000, 5, false, 160));

        // A late retransmission of the first press must not come back.
        Assert.False(Feed(1000, 5, true, 800));

        // Long event split into segments: the continuation is the same press.
        Assert.True(Feed(20000, 0, false, ushort.MaxValue));
        Assert.False(Feed(20000 + ushort.MaxValue, 0, false, 160));

        // Another source sending the same event and timestamp is a different press; flash (16) is not a digit.
        new TelephoneEvent(5, false, 10, 160).TryWrite(buffer);
        Assert.True(receiver.TryAccept(0x9999, 1000, buffer, out DtmfDigit other));
        Assert.Equal(new DtmfDigit('5', 0x9999, 1000), other);
        Assert.False(Feed(30000, 16, false, 160));
        Assert.False(receiver.TryAccept(1, 1, [1, 2], out _));
    }

    [Fact]
    public void Sender_plans_marker_updates_and_three_ends_that_the_receiver_reads_as_one_digit()
    {
        IReadOnlyList<DtmfPacket> packets = TelephoneEventSender.CreatePackets('#', TimeSpan.FromMilliseconds(100), 8000, TimeSpan.FromMilliseconds(20));

        Assert.Equal(7, packets.Count);
        Assert.True(packets[0].Marker);
        Assert.All(packets.Skip(1), p => Assert.False(p.Marker));
        Assert.Equal([160, 320, 480, 640, 800, 800, 800], packets.Select(p => (int)p.Payload.Duration));
        Assert.Equal([false, false, false, false, true, true, true], packets.Select(p => p.Payload.End));
        Assert.Equal([20, 40, 60, 80, 100, 120, 140], packets.Select(p => (int)p.SendOffset.TotalMilliseconds));
        Assert.All(packets, p => Assert.Equal(11, p.Payload.Event));

        IReadOnlyList<DtmfPacket> slow = TelephoneEventSender.CreatePackets('1', TimeSpan.FromMilliseconds(120), 8000, TimeSpan.FromMilliseconds(50));
        Assert.Equal([400, 800, 960, 960, 960], slow.Select(p => (int)p.Payload.Duration));

        var receiver = new TelephoneEventReceiver();
        var rtp = new byte[16];
        var digits = new List<char>();
        ushort sequence = 100;
        var payload = new byte[4];
        foreach (DtmfPacket p in packets)
        {
            p.Payload.TryWrite(payload);
            new RtpHeader(101, sequence++, 320000, 0xAB, p.Marker).TryWrite(payload, rtp, out int length);
            Assert.True(RtpPacket.TryParse(rtp.AsSpan(0, length), out RtpPacket packet));
            if (receiver.TryAccept(packet, out DtmfDigit digit))
            {
                digits.Add(digit.Symbol);
            }
        }

        Assert.Equal(['#'], digits);
        Assert.Throws<ArgumentException>(() => TelephoneEventSender.CreatePackets('X', TimeSpan.FromMilliseconds(100), 8000, TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void Parsing_and_receiving_allocate_nothing()
    {
        var receiver = new TelephoneEventReceiver();
        byte[] payload = Convert.FromHexString("058A0320");
        receiver.TryAccept(1, 0, payload, out _);
        int count = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (uint i = 0; i < 1000; i++)
        {
            TelephoneEvent.TryRead(payload, out TelephoneEvent e);
            count += e.Duration > 0 && receiver.TryAccept(1, i * 1000, payload, out _) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(999, count);
    }
}
