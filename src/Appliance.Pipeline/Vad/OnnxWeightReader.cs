using System.Buffers.Binary;

namespace Appliance.Pipeline.Vad;

/// <summary>
/// Reads every float32 weight out of an ONNX model (ModelProto → GraphProto): graph initializers and
/// <c>Constant</c> node values, including those inside subgraphs (the <c>If</c> branches Silero keeps its
/// weights in). Keys are initializer names or the Constant node's output name. Cold path, runs once per process.
/// </summary>
internal static class OnnxWeightReader
{
    // Field numbers from onnx.proto3.
    private const int ModelGraph = 7;
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int NodeOutput = 2;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;
    private const int AttributeName = 1;
    private const int AttributeTensor = 5;
    private const int AttributeGraph = 6;
    private const int AttributeGraphs = 11;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorFloatData = 4;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int DataTypeFloat = 1;

    /// <summary>Collects the float tensors; <c>false</c> if the protobuf is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> model, Dictionary<string, OnnxTensor> tensors)
    {
        var reader = new ProtoReader(model);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out int field, out ProtoWireType wire))
            {
                return false;
            }

            if (field == ModelGraph && wire == ProtoWireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out ReadOnlySpan<byte> graph) || !TryReadGraph(graph, tensors))
                {
                    return false;
                }
            }
            else if (!reader.TrySkip(wire))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadGraph(ReadOnlySpan<byte> graph, Dictionary<string, OnnxTensor> tensors)
    {
        var reader = new ProtoReader(graph);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out int field, out ProtoWireType wire))
            {
                return false;
            }

            if (wire == ProtoWireType.LengthDelimited && field is GraphNode or GraphInitializer)
            {
                if (!reader.TryReadLengthDelimited(out ReadOnlySpan<byte> payload))
                {
                    return false;
                }

                bool ok = field == GraphNode
                    ? TryReadNode(payload, tensors)
                    : TryReadTensor(payload, out string name, out OnnxTensor? tensor) && Add(tensors, name, tensor);
                if (!ok)
                {
                    return false;
                }
            }
            else if (!reader.TrySkip(wire))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadNode(ReadOnlySpan<byte> node, Dictionary<string, OnnxTensor> tensors)
    {
        var reader = new ProtoReader(node);
        string? firstOutput = null;
        bool isConstant = false;
        OnnxTensor? value = null;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out int field, out ProtoWireType wire))
            {
                return false;
            }

            if (wire != ProtoWireType.LengthDelimited || field is not (NodeOutput or NodeOpType or NodeAttribute))
            {
                if (!reader.TrySkip(wire))
                {
                    return false;
                }

                continue;
            }

            if (!reader.TryReadLengthDelimited(out ReadOnlySpan<byte> payload))
            {
                return false;
            }

            switch (field)
            {
                case NodeOutput:
                    firstOutput ??= System.Text.Encoding.UTF8.GetString(payload);
                    break;
                case NodeOpType:
                    isConstant = payload.SequenceEqual("Constant"u8);
                    break;
                default:
                    if (!TryReadAttribute(payload, tensors, ref value))
                    {
                        return false;
                    }

                    break;
            }
        }

        return !isConstant || value is null || firstOutput is null || Add(tensors, firstOutput, value);
    }

    private static bool TryReadAttribute(ReadOnlySpan<byte> attribute, Dictionary<string, OnnxTensor> tensors, ref OnnxTensor? value)
    {
        var reader = new ProtoReader(attribute);
        bool isValue = false;
        OnnxTensor? tensor = null;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out int field, out ProtoWireType wire))
            {
                return false;
            }

            if (wire != ProtoWireType.LengthDelimited || field is not (AttributeName or AttributeTensor or AttributeGraph or AttributeGraphs))
            {
                if (!reader.TrySkip(wire))
                {
                    return false;
                }

                continue;
            }

            if (!reader.TryReadLengthDelimited(out ReadOnlySpan<byte> payload))
            {
                return false;
            }

            switch (field)
            {
                case AttributeName:
                    isValue = payload.SequenceEqual("value"u8);
                    break;
                case AttributeTensor:
                    if (!TryReadTensor(payload, out _, out tensor))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!TryReadGraph(payload, tensors))
                    {
                        return false;
                    }

                    break;
            }
        }

        if (isValue && tensor is not null)
        {
            value = tensor;
        }

        return true;
    }

    /// <summary>Reads a TensorProto; non-float tensors succeed with a <c>null</c> tensor (they are skipped).</summary>
    private static bool TryReadTensor(ReadOnlySpan<byte> proto, out string name, out OnnxTensor? tensor)
    {
        name = string.Empty;
        tensor = null;
        var dims = new List<int>();
        long dataType = 0;
        ReadOnlySpan<byte> raw = default;
        ReadOnlySpan<byte> packedFloats = default;
        var reader = new ProtoReader(proto);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out int field, out ProtoWireType wire))
            {
                return false;
            }

            bool ok = (field, wire) switch
            {
                (TensorDims, ProtoWireType.Varint) => TryReadDim(ref reader, dims),
                (TensorDims, ProtoWireType.LengthDelimited) => TryReadPackedDims(ref reader, dims),
                (TensorDataType, ProtoWireType.Varint) => TryReadInt64(ref reader, out dataType),
                (TensorFloatData, ProtoWireType.LengthDelimited) => reader.TryReadLengthDelimited(out packedFloats),
                (TensorName, ProtoWireType.LengthDelimited) => TryReadString(ref reader, out name),
                (TensorRawData, ProtoWireType.LengthDelimited) => reader.TryReadLengthDelimited(out raw),
                _ => reader.TrySkip(wire),
            };
            if (!ok)
            {
                return false;
            }
        }

        if (dataType != DataTypeFloat)
        {
            return true;
        }

        long count = 1;
        foreach (int d in dims)
        {
            count *= d;
        }

        ReadOnlySpan<byte> bytes = raw.IsEmpty ? packedFloats : raw;
        if (count > int.MaxValue / 4 || bytes.Length != count * 4)
        {
            return false;
        }

        var data = new float[count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4));
        }

        tensor = new OnnxTensor([.. dims], data);
        return true;
    }

    private static bool TryReadDim(ref ProtoReader reader, List<int> dims)
    {
        if (!reader.TryReadVarint(out ulong dim) || dim > int.MaxValue)
        {
            return false;
        }

        dims.Add((int)dim);
        return true;
    }

    private static bool TryReadPackedDims(ref ProtoReader reader, List<int> dims)
    {
        if (!reader.TryReadLengthDelimited(out ReadOnlySpan<byte> packed))
        {
            return false;
        }

        var inner = new ProtoReader(packed);
        while (!inner.End)
        {
            if (!TryReadDim(ref inner, dims))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadInt64(ref ProtoReader reader, out long value)
    {
        bool ok = reader.TryReadVarint(out ulong raw);
        value = (long)raw;
        return ok;
    }

    private static bool TryReadString(ref ProtoReader reader, out string value)
    {
        bool ok = reader.TryReadLengthDelimited(out ReadOnlySpan<byte> bytes);
        value = ok ? System.Text.Encoding.UTF8.GetString(bytes) : string.Empty;
        return ok;
    }

    private static bool Add(Dictionary<string, OnnxTensor> tensors, string name, OnnxTensor? tensor)
    {
        if (tensor is not null && name.Length > 0)
        {
            tensors[name] = tensor;
        }

        return true;
    }
}
