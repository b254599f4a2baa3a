using System.Text;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Runtime.Transport;
using Appliance.Providers.Realtime;
using Appliance.Providers.Realtime.OpenAi;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Providers;

/// <summary>
/// A realtime agent's per-20 ms audio work without the socket: caller frame → resample/encode → base64 JSON append
/// message → send queue (whose full backlog drops the oldest, so the queue stays bounded), and one received audio
/// delta → envelope parse → base64 decode → resample.
/// </summary>
[MemoryDiagnoser]
public class RealtimeAudioPathBenchmarks
{
    private RealtimeAgent _openAiPcmu = null!;
    private RealtimeAgent _openAiPcm16 = null!;
    private RealtimeAgent _gemini = null!;
    private short[] _frame8k = null!;
    private short[] _frame16k = null!;
    private byte[] _delta = null!;
    private OutputAudioDecoder _decoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _frame8k = Sine(8000);
        _frame16k = Sine(16000);
        _openAiPcmu = Create("openai", RealtimeAudioFormat.Pcmu, 8000);
        _openAiPcm16 = Create("openai", RealtimeAudioFormat.Pcm16, 16000);
        _gemini = Create("gemini", RealtimeAudioFormat.Pcm16, 16000);
        short[] model = Sine(24000);
        var bytes = new byte[model.Length * 2];
        Buffer.BlockCopy(model, 0, bytes, 0, bytes.Length);
        _delta = Encoding.UTF8.GetBytes($"{{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_B5\",\"response_id\":\"resp_1\",\"item_id\":\"item_A1\",\"output_index\":0,\"content_index\":0,\"delta\":\"{Convert.ToBase64String(bytes)}\"}}");
        _decoder = new OutputAudioDecoder(RealtimeAudioFormat.Pcm16, 24000, 16000);
    }

    [Benchmark]
    public void SendOpenAiPcmu8k() => _openAiPcmu.SendAudio(_frame8k);

    [Benchmark]
    public void SendOpenAiPcm16From16k() => _openAiPcm16.SendAudio(_frame16k);

    [Benchmark]
    public void SendGemini16k() => _gemini.SendAudio(_frame16k);

    [Benchmark]
    public int ReceiveOpenAiDelta24kTo16k()
    {
        OpenAiEnvelope.TryRead(_delta, out OpenAiEnvelope envelope);
        return _decoder.Decode(envelope.Delta).Length;
    }

    private static RealtimeAgent Create(string provider, RealtimeAudioFormat format, int rate)
    {
        var port = new CallAudioPort(new CallAudioPortOptions { SampleRate = rate });
        var options = new RealtimeAgentOptions { Provider = provider, Model = "m", AudioFormat = format, SendBacklogMilliseconds = 200 };
        return RealtimeAgentFactory.Create(options, new RealtimeAgentServices(), new AgentContext("bench", port, TimeProvider.System));
    }

    private static short[] Sine(int rate)
    {
        var samples = new short[rate / 50];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / rate));
        }

        return samples;
    }
}
