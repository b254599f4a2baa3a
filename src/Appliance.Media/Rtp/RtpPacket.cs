using System.Buffers.Binary;

namespace Appliance.Media.Rtp;

/// <summary>
/// A validated, zero-copy view over one received RTP packet (RFC 3550 §5.1): header fields are read on demand from
/// the datagram and <see cref="Payload"/> is a slice of it with padding stripped. Valid only while the buffer is.
/// </summary>
public readonly ref struct RtpPacket
{
    /// <summary>Size of the fixed header.</summary>
    public const int FixedHeaderSize = 12;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _payloadOffset;
    private readonly int _payloadLength;
    private readonly int _extensionOffset; // start of the 4-byte extension header, or 0 if X=0

    private RtpPacket(ReadOnlySpan<byte> data, int payloadOffset, int payloadLength, int extensionOffset)
    {
        _data = data;
        _payloadOffset = payloadOffset;
        _payloadLength = payloadLength;
        _extensionOffset = extensionOffset;
    }

    /// <summary>P bit: the datagram carried padding (already stripped from <see cref="Payload"/>).</summary>
    public bool HasPadding => (_data[0] & 0x20) != 0;

    /// <summary>X bit: a header extension is present.</summary>
    public bool HasExtension => _extensionOffset != 0;

    /// <summary>Number of CSRC identifiers (CC).</summary>
    public int CsrcCount => _data[0] & 0x0F;

    /// <summary>M bit (start of a talkspurt for audio, RFC 3551 §4.1).</summary>
    public bool Marker => (_data[1] & 0x80) != 0;

    /// <summary>Payload type, 0..127.</summary>
    public byte PayloadType => (byte)(_data[1] & 0x7F);

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_data[2..]);

    /// <summary>RTP timestamp, in the payload format's clock.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    /// <summary>Synchronization source.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_data[8..]);

    /// <summary>Profile-defined 16 bits of the header extension (e.g. 0xBEDE for RFC 8285 one-byte headers), or 0.</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_data[_extensionOffset..]) : (ushort)0;

    /// <summary>Header extension body (length × 4 bytes), excluding its 4-byte header.</summary>
    public ReadOnlySpan<byte> ExtensionData =>
        HasExtension ? _data.Slice(_extensionOffset + 4, BinaryPrimitives.ReadUInt16BigEndian(_data[(_extensionOffset + 2)..]) * 4) : default;

    /// <summary>The payload, padding removed.</summary>
    public ReadOnlySpan<byte> Payload => _data.Slice(_payloadOffset, _payloadLength);

    /// <summary>Size of header + CSRCs + extension, i.e. the payload's offset in the datagram.</summary>
    public int HeaderLength => _payloadOffset;

    /// <summary>The CSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="CsrcCount"/>).</summary>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)CsrcCount, nameof(index));
        return BinaryPrimitives.ReadUInt32BigEndian(_data[(FixedHeaderSize + (4 * index))..]);
    }

    /// <summary>Validates <paramref name="data"/> as an RTP packet; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet) => TryParse(data, out packet, out _);

    /// <summary>Validates <paramref name="data"/> as an RTP packet, reporting why it is not one; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet, out RtpParseError error)
    {
        packet = default;
        if (data.Length < FixedHeaderSize)
        {
            error = RtpParseError.TooShort;
            return false;
        }

        if (data[0] >> 6 != 2)
        {
            error = RtpParseError.BadVersion;
            return false;
        }

        int offset = FixedHeaderSize + (4 * (data[0] & 0x0F));
        if (offset > data.Length)
        {
            error = RtpParseError.CsrcOverrun;
            return false;
        }

        int extensionOffset = 0;
        if ((data[0] & 0x10) != 0)
        {
            if (offset + 4 > data.Length || offset + 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..])) > data.Length)
            {
                error = RtpParseError.ExtensionOverrun;
                return false;
            }

            extensionOffset = offset;
            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]));
        }

        int end = data.Length;
        if ((data[0] & 0x20) != 0)
        {
            // The last octet counts the padding, itself included (RFC 3550 §5.1), so it can never be 0.
            int padding = data[^1];
            if (padding == 0 || padding > end - offset)
            {
                error = RtpParseError.BadPadding;
                return false;
            }

            end -= padding;
        }

        packet = new RtpPacket(data, offset, end - offset, extensionOffset);
        error = RtpParseError.None;
        return true;
    }
}
