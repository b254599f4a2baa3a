using System.Globalization;
using Appliance.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Media;

/// <summary>
/// Managed allocation of the whole AOT process (SIP stack, media, pipeline, logging, metrics)
/// while real calls' RTP flows both ways, read from the runtime's own allocation counter.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class CallAllocationTests(ITestOutputHelper output)
{
    private const string Allocated = "dotnet_gc_heap_total_allocated_bytes_total";

    /// <summary>
    /// Concurrent calls, so the window holds ~5,000 packets: the counter only advances when a
    /// thread's allocation context (~8 KB) fills, so each reading is uncertain by ~8 KB per
    /// allocating thread, and only many packets make that small per packet.
    /// </summary>
    private const int Calls = 8;

    /// <summary>
    /// Measured 3.3 to 5.8 B/packet (16 to 28 KB over ~4,800 packets), within the counter's
    /// granularity of a few threads' 8 KB contexts; any real per-packet allocation (an array, a
    /// Task, a boxed value: 24 B and up) breaks this bound.
    /// </summary>
    private const double MaxBytesPerPacket = 16;

    [Fact]
    public async Task Steady_state_echo_calls_allocate_almost_nothing_per_rtp_packet()
    {
        using var audio = new TestAudio();
        var tone = await audio.ToneAsync(8000);
        await using var appliance = ApplianceProcess.Start(["--defaultAgent=echo"]);
        await appliance.WaitReadyAsync();
        // The first scrapes build the exporter's caches; keep that one-time cost out of the window.
        for (var i = 0; i < 3; i++)
        {
            await appliance.Http.GetStringAsync("metrics");
        }

        var calls = Enumerable.Range(0, Calls).Select(_ => Baresip.CallAsync(appliance, tone, seconds: 11)).ToArray();
        var started = DateTime.UtcNow;
        // Warm-up: every call answered and its jitter buffer settled; baresip hangs up at 11 s.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var first = await appliance.Http.GetStringAsync("metrics");
        await Task.Delay(started.AddSeconds(9) - DateTime.UtcNow);
        var last = await appliance.Http.GetStringAsync("metrics");
        // The counter is read at the start of a scrape, so a scrape straight after the last one
        // measures what one whole scrape allocates (with the calls up, so with the same series).
        var next = await appliance.Http.GetStringAsync("metrics");
        await Task.WhenAll(calls);

        Assert.Equal(Calls, Value(first, "appliance_media_sessions_active"));
        Assert.Equal(Calls, Value(last, "appliance_media_sessions_active"));
        var packets = Packets(last) - Packets(first);
        var scrapeCost = Value(next, Allocated) - Value(last, Allocated);
        var raw = Value(last, Allocated) - Value(first, Allocated);
        var bytes = raw - scrapeCost;
        var perPacket = bytes / packets;
        output.WriteLine(FormattableString.Invariant(
            $"window: {packets} RTP packets, {raw} B allocated including one scrape of {scrapeCost} B: {bytes} B, {perPacket:F2} B/packet"));
        Assert.InRange(packets, Calls * 2 * 50 * 5, Calls * 2 * 50 * 7);
        Assert.True(perPacket < MaxBytesPerPacket, FormattableString.Invariant($"{perPacket:F2} B/packet ({bytes} B over {packets} packets)"));
    }

    private static double Packets(string metrics) =>
        Value(metrics, "appliance_rtp_packets_received_total") + Value(metrics, "appliance_rtp_packets_sent_total");

    /// <summary>The sum of every sample of a metric (all label sets) in a Prometheus text page.</summary>
    private static double Value(string metrics, string name)
    {
        double sum = 0;
        var found = false;
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                found = true;
            }
        }
        Assert.True(found, $"{name} not in /metrics:\n{metrics}");
        return sum;
    }
}
