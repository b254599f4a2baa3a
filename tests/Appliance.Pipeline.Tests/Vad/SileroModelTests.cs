using System.Buffers.Binary;
using Appliance.Pipeline.Vad;

namespace Appliance.Pipeline.Tests.Vad;

public sealed class SileroModelTests
{
    [Fact]
    public void Embedded_model_loads_both_rates_with_the_expected_shapes()
    {
        SileroModel model = SileroModel.Embedded;
        Assert.Same(model, SileroModel.Embedded);
        Assert.Equal(129, model.Branch16k.Bins);
        Assert.Equal(65, model.Branch8k.Bins);
        Assert.Equal(512, model.Branch16k.ChunkSamples);
        Assert.Equal(256, model.Branch8k.ChunkSamples);
        Assert.Equal(64, model.Branch16k.ContextSamples);
        Assert.Equal(32, model.Branch8k.ContextSamples);

        // The two branches are separately trained copies, not one set of weights.
        Assert.NotEqual(model.Branch16k.LstmBias[0], model.Branch8k.LstmBias[0]);
    }

    [Fact]
    public void A_single_flipped_byte_is_refused_by_checksum()
    {
        byte[] bytes = EmbeddedBytes();
        bytes[bytes.Length / 2] ^= 0x01;

        Assert.False(SileroModel.TryLoad(bytes, out SileroModel? model, out SileroModelError error));
        Assert.Null(model);
        Assert.Equal(SileroModelError.ChecksumMismatch, error);
    }

    [Fact]
    public void The_real_file_loads_through_TryLoad()
    {
        Assert.True(SileroModel.TryLoad(EmbeddedBytes(), out SileroModel? model, out SileroModelError error));
        Assert.NotNull(model);
        Assert.Equal(SileroModelError.None, error);
    }

    [Fact]
    public void Reader_finds_initializers_and_constants_nested_in_subgraphs()
    {
        // ModelProto { graph { initializer "w" [2] = {1.5, -2}; node If { attribute then_branch { node Constant -> "c" value [1] = {3} } } } }
        byte[] tensorW = Message(Field(1, Varint(2)), Field(2, Varint(1)), Bytes(8, "w"u8), Bytes(9, Floats(1.5f, -2f)));
        byte[] tensorC = Message(Field(1, Varint(1)), Field(2, Varint(1)), Bytes(9, Floats(3f)));
        byte[] constant = Message(Bytes(2, "c"u8), Bytes(4, "Constant"u8), Bytes(5, Message(Bytes(1, "value"u8), Bytes(5, tensorC))));
        byte[] branch = Message(Bytes(1, constant));
        byte[] ifNode = Message(Bytes(1, "cond"u8), Bytes(4, "If"u8), Bytes(5, Message(Bytes(1, "then_branch"u8), Bytes(6, branch))));
        byte[] graph = Message(Bytes(1, ifNode), Bytes(5, tensorW));
        byte[] model = Message(Field(1, Varint(8)), Bytes(7, graph));

        var tensors = new Dictionary<string, OnnxTensor>();
        Assert.True(OnnxWeightReader.TryRead(model, tensors));

        Assert.Equal([1.5f, -2f], tensors["w"].Data);
        Assert.True(tensors["w"].HasShape(2));
        Assert.Equal([3f], tensors["c"].Data);
    }

    [Fact]
    public void Reader_never_throws_on_truncated_or_corrupted_models()
    {
        byte[] real = EmbeddedBytes();
        var rng = new Random(99);
        for (int i = 0; i < 300; i++)
        {
            int length = i < 150 ? rng.Next(real.Length) : real.Length;
            byte[] candidate = real.AsSpan(0, length).ToArray();
            if (i >= 150)
            {
                for (int flips = 0; flips < 8; flips++)
                {
                    candidate[rng.Next(Math.Min(candidate.Length, 4096))] = (byte)rng.Next(256);
                }
            }

            // Either outcome is fine; the contract is a bool, never an exception.
            _ = OnnxWeightReader.TryRead(candidate, new Dictionary<string, OnnxTensor>());
        }

        Assert.False(OnnxWeightReader.TryRead([0x3A, 0x05, 0x01], new Dictionary<string, OnnxTensor>()));
        Assert.False(OnnxWeightReader.TryRead([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], new Dictionary<string, OnnxTensor>()));
    }

    private static byte[] EmbeddedBytes()
    {
        using Stream stream = typeof(SileroModel).Assembly.GetManifestResourceStream("Appliance.Pipeline.Vad.silero_vad_v5.onnx")!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    private static byte[] Field(int number, byte[] varintValue) => [.. Varint((ulong)(number << 3)), .. varintValue];

    private static byte[] Bytes(int number, ReadOnlySpan<byte> payload) =>
        [.. Varint((ulong)((number << 3) | 2)), .. Varint((ulong)payload.Length), .. payload];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }
}
