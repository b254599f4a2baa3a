using System.Buffers.Binary;

namespace Appliance.Media.Tests.Dtmf;

/// <summary>Minimal libpcap reader: Ethernet + IPv4 + UDP payloads of a little- or big-endian classic pcap file.</summary>
internal static class PcapReader
{
    public static List<byte[]> UdpPayloads(byte[] file)
    {
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        bool little = magic == 0xA1B2C3D4;
        Assert.True(little || magic == 0xD4C3B2A1, "not a pcap file");
        Assert.Equal(1u, Read32(file.AsSpan(20), little)); // LINKTYPE_ETHERNET

        var payloads = new List<byte[]>();
        int offset = 24;
        while (offset + 16 <= file.Length)
        {
            int captured = (int)Read32(file.AsSpan(offset + 8), little);
            ReadOnlySpan<byte> frame = file.AsSpan(offset + 16, captured);
            offset += 16 + captured;
            if (BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800 || frame[14 + 9] != 17)
            {
                continue; // not IPv4/UDP
            }

            int udp = 14 + ((frame[14] & 0x0F) * 4);
            int length = BinaryPrimitives.ReadUInt16BigEndian(frame[(udp + 4)..]) - 8;
            payloads.Add(frame.Slice(udp + 8, length).ToArray());
        }

        return payloads;
    }

    private static uint Read32(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt32BigEndian(data);
}
