using System.Text;
using System.Text.Json;
using Appliance.Media.Codecs;
using Appliance.Providers.Realtime;
using Appliance.Providers.Tests.Realtime.Harness;

namespace Appliance.Providers.Tests.Realtime;

public sealed class AudioConversionTests
{
    [Theory]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(100)]
    public void Encoder_batches_into_valid_append_events_of_the_configured_length(int batchMs)
    {
        var pool = new OutboundMessagePool(256);
        var encoder = new InputAudioEncoder(8000, RealtimeAudioFormat.Pcmu, 8000, batchMs, "{\"type\":\"input_audio_buffer.append\",\"audio\":\""u8, "\"}"u8, pool);
        short[] pcm = TestAudio.Sine(8000, 1000);
        var sent = new List<byte>();
        for (int offset = 0; offset < pcm.Length; offset += 160)
        {
            encoder.Append(pcm.AsSpan(offset, 160), 1);
            while (encoder.TryTakeMessage(out OutboundMessage? message))
            {
                using JsonDocument json = JsonDocument.Parse(message!.Memory);
                Assert.Equal("input_audio_buffer.append", json.RootElement.GetProperty("type").GetString());
                byte[] audio = json.RootElement.GetProperty("audio").GetBytesFromBase64();
                Assert.Equal(8 * batchMs, audio.Length);
                Assert.True(message.IsAudio);
                sent.AddRange(audio);
                pool.Return(message);
            }
        }

        var expected = new byte[pcm.Length];
        MuLaw.Encode(pcm, expected);
        Assert.Equal(expected.AsSpan(0, sent.Count).ToArray(), sent.ToArray());
        Assert.True(sent.Count > pcm.Length - (8 * batchMs));
    }

    [Fact]
    public void Decoder_carries_an_odd_byte_across_pcm16_deltas()
    {
        var decoder = new OutputAudioDecoder(RealtimeAudioFormat.Pcm16, 16000, 16000);
        short[] pcm = [1, -2, 300, -32768, 32767, 12345];
        byte[] bytes = TestAudio.ToBytes(pcm);

        short[] first = decoder.Decode(Base64(bytes[..5])).ToArray();
        short[] second = decoder.Decode(Base64(bytes[5..])).ToArray();

        Assert.Equal(pcm, first.Concat(second).ToArray());
    }

    [Fact]
    public void Decoder_rejects_invalid_base64_without_throwing()
    {
        var decoder = new OutputAudioDecoder(RealtimeAudioFormat.Pcmu, 8000, 8000);
        Assert.True(decoder.Decode("!!!"u8).IsEmpty);
        Assert.Equal(4, decoder.Decode(Base64([0xFF, 0x7F, 0x00, 0x80])).Length);
    }

    private static byte[] Base64(byte[] bytes) => Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes));
}
