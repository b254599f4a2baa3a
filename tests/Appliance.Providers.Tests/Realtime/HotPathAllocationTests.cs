using System.Text;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Runtime.Transport;
using Appliance.Providers.Realtime;
using Appliance.Providers.Realtime.OpenAi;
using Appliance.Providers.Tests.Realtime.Harness;

namespace Appliance.Providers.Tests.Realtime;

public sealed class HotPathAllocationTests
{
    [Theory]
    [InlineData("openai", RealtimeAudioFormat.Pcmu, 8000, 20)]
    [InlineData("openai", RealtimeAudioFormat.Pcm16, 16000, 20)]
    [InlineData("openai", RealtimeAudioFormat.Pcm16, 16000, 100)]
    [InlineData("gemini", RealtimeAudioFormat.Pcm16, 16000, 40)]
    [InlineData("gemini", RealtimeAudioFormat.Pcm16, 8000, 20)]
    public void Send_path_allocates_nothing_per_20ms_frame(string provider, RealtimeAudioFormat format, int pipelineRate, int batchMs)
    {
        var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = pipelineRate });
        var options = new RealtimeAgentOptions { Provider = provider, Model = "m", AudioFormat = format, BatchMilliseconds = batchMs, SendBacklogMilliseconds = 400 };
        RealtimeAgent agent = RealtimeAgentFactory.Create(options, new RealtimeAgentServices { Metrics = new ProviderMetrics() }, new AgentContext("call", port, TimeProvider.System));
        short[] frame = TestAudio.Sine(pipelineRate, 20);

        // Warm-up fills the message pool; with no socket draining it, the backlog then drops its oldest audio.
        for (int i = 0; i < 200; i++)
        {
            agent.SendAudio(frame);
        }

        // The quietest of several windows: the runtime's own occasional allocation lands in one, per-frame allocation in all.
        long quietest = long.MaxValue;
        for (int window = 0; window < 5; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                agent.SendAudio(frame);
            }

            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, quietest);
        Assert.True(agent.DroppedAudioMessages > 0);
    }

    [Fact]
    public void Audio_delta_parse_and_decode_allocate_nothing()
    {
        var decoder = new OutputAudioDecoder(RealtimeAudioFormat.Pcm16, 24000, 16000);
        string delta = Convert.ToBase64String(TestAudio.ToBytes(TestAudio.Sine(24000, 20)));
        byte[] json = Encoding.UTF8.GetBytes($"{{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_B5\",\"response_id\":\"resp_1\",\"item_id\":\"item_A1\",\"output_index\":0,\"content_index\":0,\"delta\":\"{delta}\"}}");
        int samples = 0;
        for (int i = 0; i < 100; i++)
        {
            samples += ParseAndDecode(json, decoder);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            samples += ParseAndDecode(json, decoder);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(samples, (1100 * 320) - 32, 1100 * 320);
    }

    private static int ParseAndDecode(byte[] json, OutputAudioDecoder decoder)
    {
        Assert.True(OpenAiEnvelope.TryRead(json, out OpenAiEnvelope envelope));
        return envelope.Type == OpenAiEventType.AudioDelta && envelope.ItemId.SequenceEqual("item_A1"u8) ? decoder.Decode(envelope.Delta).Length : 0;
    }
}
