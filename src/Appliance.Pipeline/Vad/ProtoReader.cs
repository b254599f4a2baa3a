using System.Buffers.Binary;

namespace Appliance.Pipeline.Vad;

/// <summary>
/// Forward-only reader for the protobuf wire format: just enough (varint, 64-bit, length-delimited, 32-bit)
/// to walk an ONNX model. Every read is bounds-checked and reports malformed input by returning <c>false</c>.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly bool End => _position >= _buffer.Length;

    /// <summary>Reads the next field's number and wire type.</summary>
    public bool TryReadTag(out int fieldNumber, out ProtoWireType wireType)
    {
        fieldNumber = 0;
        wireType = default;
        if (!TryReadVarint(out ulong key) || key >> 3 is 0 or > int.MaxValue)
        {
            return false;
        }

        fieldNumber = (int)(key >> 3);
        wireType = (ProtoWireType)(key & 7);
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                return false;
            }

            byte b = _buffer[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (!TryReadVarint(out ulong length) || length > (ulong)(_buffer.Length - _position))
        {
            return false;
        }

        payload = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    public bool TryReadFixed32(out uint value)
    {
        value = 0;
        if (_buffer.Length - _position < 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(_position));
        _position += 4;
        return true;
    }

    /// <summary>Skips the value of a field whose tag was just read.</summary>
    public bool TrySkip(ProtoWireType wireType)
    {
        switch (wireType)
        {
            case ProtoWireType.Varint:
                return TryReadVarint(out _);
            case ProtoWireType.Fixed64:
                return TryAdvance(8);
            case ProtoWireType.LengthDelimited:
                return TryReadLengthDelimited(out _);
            case ProtoWireType.Fixed32:
                return TryAdvance(4);
            default:
                return false;
        }
    }

    private bool TryAdvance(int count)
    {
        if (_buffer.Length - _position < count)
        {
            return false;
        }

        _position += count;
        return true;
    }
}
