using System.Buffers.Binary;

namespace Appliance.Media.Rtp;

/// <summary>The fields we send in an RTP header (V=2, no padding, no CSRCs, no extension) and its serializer.</summary>
/// <param name="PayloadType">Payload type, 0..127.</param>
/// <param name="SequenceNumber">Sequence number.</param>
/// <param name="Timestamp">RTP timestamp.</param>
/// <param name="Ssrc">Synchronization source.</param>
/// <param name="Marker">M bit.</param>
public readonly record struct RtpHeader(byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc, bool Marker = false)
{
    /// <summary>Writes the 12-byte header followed by <paramref name="payload"/>; false if <paramref name="destination"/> is too small.</summary>
    public bool TryWrite(ReadOnlySpan<byte> payload, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = RtpPacket.FixedHeaderSize + payload.Length;
        if (destination.Length < bytesWritten)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = 0x80;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        payload.CopyTo(destination[RtpPacket.FixedHeaderSize..]);
        return true;
    }
}
