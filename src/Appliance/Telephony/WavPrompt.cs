using System.Buffers.Binary;

namespace Appliance.Telephony;

/// <summary>Reads a short prompt (16-bit PCM WAV, mono or the first channel of several) for playing into calls.</summary>
internal static class WavPrompt
{
    /// <summary>The samples and their rate, or an error naming what is wrong with the file.</summary>
    public static (short[]? Samples, int SampleRate, string? Error) Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, 0, $"cannot read '{path}': {ex.Message}");
        }
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            return (null, 0, $"'{path}' is not a WAV file");
        }
        int channels = 0, rate = 0, bits = 0;
        for (var offset = 12; offset + 8 <= bytes.Length;)
        {
            var id = bytes.AsSpan(offset, 4);
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4)), (uint)(bytes.Length - offset - 8));
            var body = bytes.AsSpan(offset + 8, size);
            if (id.SequenceEqual("fmt "u8) && size >= 16)
            {
                var format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                if (format != 1 || bits != 16 || channels == 0 || rate is < 8000 or > 48000)
                {
                    return (null, 0, $"'{path}' must be 16-bit PCM at 8–48 kHz (format {format}, {bits} bits, {channels} channels, {rate} Hz)");
                }
            }
            else if (id.SequenceEqual("data"u8) && channels > 0)
            {
                var frames = size / (2 * channels);
                var samples = new short[frames];
                for (var i = 0; i < frames; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(i * 2 * channels)..]);
                }
                return (samples, rate, null);
            }
            offset += 8 + size + (size & 1);
        }
        return (null, 0, $"'{path}' has no fmt chunk before its data");
    }
}
