using System.Buffers.Binary;

namespace Appliance.Media.Rtcp;

/// <summary>A zero-copy view over one RTCP packet of a compound datagram: the common header and the body after it.</summary>
public readonly ref struct RtcpPacket
{
    /// <summary>Size of the common header (V, P, count, PT, length).</summary>
    public const int HeaderSize = 4;

    private RtcpPacket(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> body)
    {
        Raw = raw;
        Body = body;
    }

    /// <summary>Packet type (an unknown type is still delivered, so it can be skipped).</summary>
    public RtcpPacketType Type => (RtcpPacketType)Raw[1];

    /// <summary>The 5-bit count field: RC for SR/RR, SC for SDES/BYE, FMT for feedback.</summary>
    public int Count => Raw[0] & 0x1F;

    /// <summary>All bytes of this packet, header and padding included.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>The bytes after the common header, padding removed.</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>Reads the packet at the start of <paramref name="data"/>; <paramref name="length"/> is its size in bytes. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPacket packet, out int length, out RtcpParseError error)
    {
        packet = default;
        length = 0;
        if (data.Length < HeaderSize)
        {
            error = RtcpParseError.TooShort;
            return false;
        }

        if (data[0] >> 6 != 2)
        {
            error = RtcpParseError.BadVersion;
            return false;
        }

        int size = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * 4;
        if (size > data.Length)
        {
            error = RtcpParseError.LengthOverrun;
            return false;
        }

        ReadOnlySpan<byte> raw = data[..size];
        int end = size;
        if ((data[0] & 0x20) != 0)
        {
            int padding = raw[^1];
            if (padding == 0 || padding > size - HeaderSize)
            {
                error = RtcpParseError.BadPadding;
                return false;
            }

            end -= padding;
        }

        packet = new RtcpPacket(raw, raw[HeaderSize..end]);
        length = size;
        error = RtcpParseError.None;
        return true;
    }
}
