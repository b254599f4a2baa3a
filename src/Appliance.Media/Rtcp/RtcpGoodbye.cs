using System.Buffers.Binary;

namespace Appliance.Media.Rtcp;

/// <summary>A view over a BYE packet (RFC 3550 §6.6): the departing SSRCs and an optional reason.</summary>
public readonly ref struct RtcpGoodbye
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpGoodbye(ReadOnlySpan<byte> body, int count, ReadOnlySpan<byte> reason)
    {
        _body = body;
        SourceCount = count;
        Reason = reason;
    }

    /// <summary>Number of SSRC/CSRC identifiers leaving.</summary>
    public int SourceCount { get; }

    /// <summary>The UTF-8 reason for leaving, or empty.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>The identifier at <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)SourceCount, nameof(index));
        return BinaryPrimitives.ReadUInt32BigEndian(_body[(4 * index)..]);
    }

    /// <summary>Interprets <paramref name="packet"/> as BYE; false for other types or if it is malformed.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpGoodbye goodbye)
    {
        goodbye = default;
        ReadOnlySpan<byte> body = packet.Body;
        int listLength = 4 * packet.Count;
        if (packet.Type != RtcpPacketType.Goodbye || body.Length < listLength)
        {
            return false;
        }

        ReadOnlySpan<byte> reason = default;
        if (body.Length > listLength)
        {
            int reasonLength = body[listLength];
            if (listLength + 1 + reasonLength > body.Length)
            {
                return false;
            }

            reason = body.Slice(listLength + 1, reasonLength);
        }

        goodbye = new RtcpGoodbye(body, packet.Count, reason);
        return true;
    }
}
