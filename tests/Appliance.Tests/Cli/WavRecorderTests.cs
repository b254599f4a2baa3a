using System.Buffers.Binary;
using Appliance.Cli;
using Appliance.Telephony;

namespace Appliance.Tests.Cli;

public sealed class WavRecorderTests
{
    [Fact]
    public void Saved_recording_is_a_mono_16_bit_wav_the_prompt_reader_reads_back()
    {
        string path = Path.Combine(Path.GetTempPath(), $"wav-recorder-{Guid.NewGuid():N}.wav");
        try
        {
            var recorder = new WavRecorder(8000, TimeSpan.Zero);
            short[] first = [.. Enumerable.Range(0, 160).Select(i => (short)(i * 97 - 8000))];
            short[] second = [short.MinValue, -1, 0, 1, short.MaxValue];
            recorder.OnInboundAudio(first);
            recorder.OnInboundAudio(second);
            recorder.Save(path);

            byte[] bytes = File.ReadAllBytes(path);
            int dataBytes = (first.Length + second.Length) * sizeof(short);
            Assert.Equal(44 + dataBytes, bytes.Length);
            Assert.Equal(36 + dataBytes, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
            Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(22))); // channels
            Assert.Equal(16000, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(28))); // byte rate
            Assert.Equal(dataBytes, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(40)));

            var (samples, rate, error) = WavPrompt.Read(path);
            Assert.Null(error);
            Assert.NotNull(samples);
            Assert.Equal(8000, rate);
            Assert.Equal([.. first, .. second], samples);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
