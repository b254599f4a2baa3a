using System.Buffers.Binary;

namespace Appliance.Interop.Tests.Infrastructure;

/// <summary>Minimal PCM16 WAV reading and writing for test audio.</summary>
internal static class Wav
{
    public static (short[] Samples, int SampleRate) ReadMono16(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(bytes) != 0x52494646 /* RIFF */)
        {
            throw new InvalidDataException($"{path} is not a WAV file");
        }
        var offset = 12;
        var sampleRate = 0;
        var channels = 1;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            var body = offset + 8;
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
            }
            else if (id == "data")
            {
                size = Math.Min(size, bytes.Length - body);
                var frames = size / 2 / channels;
                var samples = new short[frames];
                for (var i = 0; i < frames; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + (i * channels * 2)));
                }
                return (samples, sampleRate);
            }
            offset = body + size + (size & 1);
        }
        throw new InvalidDataException($"{path} has no data chunk");
    }
}
