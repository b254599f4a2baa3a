using System.Text.Json;
using Appliance.Providers.Realtime;
using Appliance.Providers.Tests.Realtime.Fakes;
using Appliance.Providers.Tests.Realtime.Harness;
using Xunit.Abstractions;

namespace Appliance.Providers.Tests.Realtime;

/// <summary>
/// Measures the agent's own latency against the in-process fake over loopback: caller frame entering the agent →
/// its WebSocket send completing, and model audio message received → its frames pushed towards playout.
/// </summary>
public sealed class LatencyHarnessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Frames = 500;

    private readonly FakeOpenAiRealtimeServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Send_and_receive_latency_over_a_run_of_500_frames()
    {
        using var metrics = new ProviderMetrics();
        using var latencies = new MetricsListener(metrics);
        await using AgentHarness call = await AgentHarness.StartAsync(
            new RealtimeAgentOptions { Model = "gpt-realtime", Endpoint = _server.Endpoint, AudioFormat = RealtimeAudioFormat.Pcm16 },
            services: new RealtimeAgentServices { Metrics = metrics });
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        short[] frame = TestAudio.Sine(16000, 20);
        for (int i = 0; i < Frames; i++)
        {
            call.Feed(frame);
            await Task.Delay(1);
        }

        await Eventually.TrueAsync(() => latencies.SendLatencies.Count >= Frames, "every frame sent");

        byte[] delta = TestAudio.ToBytes(TestAudio.Sine(24000, 20));
        for (int i = 0; i < Frames; i++)
        {
            await _server.AudioAsync("resp_1", "item_A1", delta);
            if (i % 50 == 49)
            {
                call.Play(50);
            }
        }

        await Eventually.TrueAsync(() => latencies.ReceiveLatencies.Count >= Frames, "every delta received");
        (double sendP50, double sendP99) = Percentiles(latencies.SendLatencies);
        (double receiveP50, double receiveP99) = Percentiles(latencies.ReceiveLatencies);
        output.WriteLine($"send (frame into agent -> WebSocket send done): p50 {sendP50:0.000} ms, p99 {sendP99:0.000} ms over {latencies.SendLatencies.Count}");
        output.WriteLine($"receive (WebSocket message -> frames pushed): p50 {receiveP50:0.000} ms, p99 {receiveP99:0.000} ms over {latencies.ReceiveLatencies.Count}");
        Assert.InRange(sendP99, 0, 200);
        Assert.InRange(receiveP99, 0, 200);
        Assert.Equal(0, call.Agent.DroppedAudioMessages);
    }

    private static (double P50, double P99) Percentiles(IReadOnlyList<double> values)
    {
        double[] sorted = [.. values.Order()];
        return (sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
    }
}
