using System.Buffers.Binary;

namespace Appliance.Media.Rtcp;

/// <summary>Reads SDES packets (RFC 3550 §6.5): chunks of an SSRC followed by type-length-value items, ending with a zero type.</summary>
public static class RtcpSourceDescription
{
    /// <summary>SDES item type of CNAME.</summary>
    public const byte Cname = 1;

    /// <summary>Finds the CNAME of the first chunk that carries one; false if none or the packet is malformed.</summary>
    public static bool TryGetCname(in RtcpPacket packet, out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        if (packet.Type != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        ReadOnlySpan<byte> body = packet.Body;
        int offset = 0;
        for (int chunk = 0; chunk < packet.Count; chunk++)
        {
            if (offset + 4 > body.Length)
            {
                return false;
            }

            uint chunkSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
            offset += 4;
            while (true)
            {
                if (offset >= body.Length)
                {
                    return false;
                }

                byte type = body[offset];
                if (type == 0)
                {
                    // The item list ends with a null octet, then pads the chunk to a 32-bit boundary.
                    offset = (offset + 4) & ~3;
                    break;
                }

                if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
                {
                    return false;
                }

                if (type == Cname)
                {
                    ssrc = chunkSsrc;
                    cname = body.Slice(offset + 2, body[offset + 1]);
                    return true;
                }

                offset += 2 + body[offset + 1];
            }
        }

        return false;
    }
}
