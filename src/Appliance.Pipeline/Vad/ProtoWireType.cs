namespace Appliance.Pipeline.Vad;

/// <summary>Protobuf wire types (groups, 3 and 4, are not used by ONNX and are rejected).</summary>
internal enum ProtoWireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}
