using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Appliance.Interop.Tests.Infrastructure;
using Appliance.Providers.Tests.Realtime.Fakes;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>
/// The appliance's own added latency on a live call, on one clock: the test's RTP socket and the fake OpenAI server
/// live in this process and stamp with <see cref="Stopwatch"/>. Inbound: each RTP packet carries a unique 20 ms of
/// µ-law, stamped when sent; the fake stamps each <c>input_audio_buffer.append</c> as it arrives and the packet is
/// found in it by content. Outbound: the fake sends lone 20 ms deltas of unique µ-law at irregular gaps (so they meet
/// an empty playout queue at random phases of the 20 ms pacer), stamped when sent; the RTP packet carrying each is
/// stamped on arrival. Both include loopback UDP/TCP and the fake's WebSocket stack, so they are upper bounds.
/// </summary>
/// <remarks>
/// Asserts only correctness (every delta and all but a few packets found byte for byte, in order); the figures are
/// printed, and written to $REALTIME_LATENCY_REPORT when set (bench/realtime-latency/run.sh).
/// $REALTIME_LATENCY_PACKETS and $REALTIME_LATENCY_DELTAS set the sample counts.
/// </remarks>
[Collection(InteropCollection.Name)]
public sealed class RealtimeLatencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int WarmUpMs = 4000;

    private readonly FakeOpenAiRealtimeServer _server = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("realtime-latency-").FullName;

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Rtp_to_websocket_and_websocket_to_rtp_latency_on_a_live_pcmu_call()
    {
        int packets = Setting("REALTIME_LATENCY_PACKETS", 250);
        int deltas = Setting("REALTIME_LATENCY_DELTAS", 100);
        using var rtp = new RtpPeer();
        await using var appliance = await RealtimeAppliance.StartAsync(_dir, RealtimeAppliance.Agent("openai", _server.Endpoint).With("batchMs", 20));
        var call = SippCaller.CallerHangsUpAsync(appliance, rtp, TimeSpan.FromMilliseconds(WarmUpMs + 6000 + (packets * 20) + (deltas * 150)));
        await Poll.ForAsync(_server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update")), "session.update", appliance);
        await rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        // Inbound: one unique frame per packet, back to back as a caller talking, once the jitter buffer has settled on
        // the caller's steady stream (it starts at 60 ms and adapts by one frame a second). No polling meanwhile: the
        // fake's stamps must not wait on this test's threads.
        await Task.Delay(WarmUpMs);
        string beforeInbound = await appliance.Http.GetStringAsync("metrics");
        byte[][] frames = [.. Enumerable.Range(0, packets).Select(i => UniqueFrame(i))];
        long[] sentAt = await rtp.SayAsync([.. frames.SelectMany(f => f)]);
        await Task.Delay(1000);
        List<double> inbound = InboundLatencies(frames, sentAt, _server.ReceivedWithTimestamps, out int batchBytes, out int missing);
        string afterInbound = await appliance.Http.GetStringAsync("metrics");

        // Outbound: lone deltas, each played into an idle queue.
        await _server.ResponseCreatedAsync("resp_1");
        var sentDeltas = new List<(byte[] Delta, long SentAt)>();
        for (int i = 0; i < deltas; i++)
        {
            byte[] delta = UniqueFrame(packets + i);
            sentDeltas.Add((delta, Stopwatch.GetTimestamp()));
            await _server.AudioAsync("resp_1", "item_A1", delta, RtpPeer.FrameBytes);
            await Task.Delay(Random.Shared.Next(70, 131));
        }

        await Task.Delay(200);
        List<double> outbound = OutboundLatencies(sentDeltas, rtp.Received, out int split);
        string afterOutbound = await appliance.Http.GetStringAsync("metrics");
        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);

        string report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"RTP arrival -> input_audio_buffer.append received: {Summary(inbound)} (batchMs 20: {batchBytes} bytes per append; {missing} of {packets} frames dropped by jitter-buffer adaptation)")
            .AppendLine(CultureInfo.InvariantCulture, $"model audio delta sent -> RTP packet received: {Summary(outbound)} (20 ms pacing; {split} deltas split over two packets)")
            .AppendLine(CultureInfo.InvariantCulture, $"inside the agent (the appliance's own histograms, mean over each phase): frame in -> WebSocket send done {Mean(beforeInbound, afterInbound, "appliance_providers_send_latency")}, WebSocket message -> frames queued for playout {Mean(afterInbound, afterOutbound, "appliance_providers_receive_latency")}")
            .ToString();
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("REALTIME_LATENCY_REPORT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, report);
        }

        Assert.InRange(missing, 0, packets / 20);
        Assert.Equal(deltas, outbound.Count);
        Assert.All(inbound, ms => Assert.True(ms > 0, "an append cannot arrive before its packet was sent"));
        Assert.All(outbound, ms => Assert.True(ms > 0, "a packet cannot carry a delta before it was sent"));
    }

    /// <summary>
    /// For each frame, when the append holding its last byte arrived, less when its packet was sent; frames the jitter
    /// buffer dropped to shrink its delay are counted in <paramref name="missing"/>.
    /// </summary>
    private static List<double> InboundLatencies(byte[][] frames, long[] sentAt, IReadOnlyList<(JsonElement Message, long Timestamp)> timeline, out int batchBytes, out int missing)
    {
        var stream = new MemoryStream();
        var ends = new List<(long End, long Timestamp)>();
        foreach ((JsonElement message, long timestamp) in timeline)
        {
            if (FakeOpenAiRealtimeServer.IsType(message, "input_audio_buffer.append"))
            {
                stream.Write(Convert.FromBase64String(message.GetProperty("audio").GetString()!));
                ends.Add((stream.Length, timestamp));
            }
        }

        byte[] appended = stream.ToArray();
        batchBytes = ends.Count > 1 ? (int)(ends[^1].End - ends[^2].End) : 0;
        var latencies = new List<double>();
        missing = 0;
        int searchFrom = 0;
        for (int i = 0; i < frames.Length; i++)
        {
            int at = appended.AsSpan(searchFrom).IndexOf(frames[i]);
            if (at < 0)
            {
                missing++;
                continue;
            }

            at += searchFrom;
            searchFrom = at + frames[i].Length;
            long lastByte = searchFrom;
            (long _, long arrived) = ends.First(e => e.End >= lastByte);
            latencies.Add(Stopwatch.GetElapsedTime(sentAt[i], arrived).TotalMilliseconds);
        }

        return latencies;
    }

    /// <summary>For each delta, when the packet carrying its first byte arrived, less when the fake sent it.</summary>
    private static List<double> OutboundLatencies(List<(byte[] Delta, long SentAt)> deltas, IReadOnlyList<ReceivedRtp> packets, out int split)
    {
        var stream = new MemoryStream();
        var starts = new long[packets.Count];
        for (int i = 0; i < packets.Count; i++)
        {
            starts[i] = stream.Length;
            stream.Write(packets[i].Payload);
        }

        byte[] heard = stream.ToArray();
        var latencies = new List<double>();
        split = 0;
        int searchFrom = 0;
        foreach ((byte[] delta, long sent) in deltas)
        {
            int at = heard.AsSpan(searchFrom).IndexOf(delta);
            Assert.True(at >= 0, $"delta {latencies.Count} of {deltas.Count} never reached the caller byte for byte");
            at += searchFrom;
            searchFrom = at + delta.Length;
            int packet = Array.BinarySearch(starts, (long)at);
            if (packet < 0)
            {
                // Starts inside a packet: the delta is split over it and the next one.
                packet = ~packet - 1;
                split++;
            }

            latencies.Add(Stopwatch.GetElapsedTime(sent, packets[packet].ArrivedAt).TotalMilliseconds);
        }

        return latencies;
    }

    /// <summary>20 ms of pseudo-random µ-law, without 0x7F/0xFF (µ-law's two zeros), so it is found wherever it went.</summary>
    private static byte[] UniqueFrame(int seed)
    {
        var random = new Random(seed);
        var frame = new byte[RtpPeer.FrameBytes];
        for (int i = 0; i < frame.Length; i++)
        {
            int value = random.Next(0, 254);
            frame[i] = (byte)(value < 0x7F ? value : value + 1);
        }

        return frame;
    }

    private static string Summary(List<double> latencies)
    {
        double[] sorted = [.. latencies.Order()];
        return string.Create(CultureInfo.InvariantCulture,
            $"n={sorted.Length} min {sorted[0]:F2} ms, p50 {At(sorted, 0.50):F2} ms, p90 {At(sorted, 0.90):F2} ms, p99 {At(sorted, 0.99):F2} ms, max {sorted[^1]:F2} ms");
    }

    /// <summary>A histogram's mean between two scrapes of the Prometheus text (its _sum over its _count), or "n/a".</summary>
    private static string Mean(string before, string after, string histogram)
    {
        (double sum0, double count0) = SumAndCount(before, histogram);
        (double sum1, double count1) = SumAndCount(after, histogram);
        return count1 > count0 ? string.Create(CultureInfo.InvariantCulture, $"{(sum1 - sum0) / (count1 - count0):F3} ms over {count1 - count0:F0}") : "n/a";
    }

    private static (double Sum, double Count) SumAndCount(string metrics, string histogram)
    {
        double sum = 0, count = 0;
        foreach (string line in metrics.Split('\n'))
        {
            if (!line.StartsWith(histogram, StringComparison.Ordinal))
            {
                continue;
            }

            string name = line.Split('{', ' ')[0];
            double value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            if (name.EndsWith("_sum", StringComparison.Ordinal))
            {
                sum = value;
            }
            else if (name.EndsWith("_count", StringComparison.Ordinal))
            {
                count = value;
            }
        }

        return (sum, count);
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;
}
