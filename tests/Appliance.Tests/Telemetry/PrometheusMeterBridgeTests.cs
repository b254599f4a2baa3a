using System.Diagnostics.Metrics;
using Appliance.Telemetry;
using Prometheus;

namespace Appliance.Tests.Telemetry;

public sealed class PrometheusMeterBridgeTests
{
    [Fact]
    public void Names_follow_prometheus_conventions()
    {
        using var meter = new Meter("Appliance.Test.Naming");
        Assert.Equal("appliance_sip_requests_total", PrometheusMeterBridge.PrometheusName(meter.CreateCounter<long>("appliance.sip.requests")));
        Assert.Equal("appliance_rtp_jitter_seconds", PrometheusMeterBridge.PrometheusName(meter.CreateHistogram<double>("appliance.rtp.jitter", unit: "s")));
        Assert.Equal("appliance_calls_active", PrometheusMeterBridge.PrometheusName(meter.CreateUpDownCounter<int>("appliance.calls.active")));
        Assert.Equal("dotnet_gc_heap_total_allocated_bytes_total", PrometheusMeterBridge.PrometheusName(meter.CreateObservableCounter("dotnet.gc.heap.total_allocated", () => 1L, unit: "By")));
    }

    [Fact]
    public async Task Exports_counters_gauges_and_histograms_with_labels()
    {
        var registry = Metrics.NewCustomRegistry();
        using var bridge = new PrometheusMeterBridge(registry);
        using var meter = new Meter("Appliance.Test.Export");
        var requests = meter.CreateCounter<long>("appliance.test.requests");
        var active = meter.CreateUpDownCounter<int>("appliance.test.active");
        var latency = meter.CreateHistogram<double>("appliance.test.latency", unit: "s");
        meter.CreateObservableGauge("appliance.test.depth", () => 7);

        requests.Add(2, new KeyValuePair<string, object?>("method", "INVITE"));
        requests.Add(1, new KeyValuePair<string, object?>("method", "BYE"));
        active.Add(3);
        active.Add(-1);
        latency.Record(0.004);

        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.Contains("appliance_test_requests_total{method=\"INVITE\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("appliance_test_requests_total{method=\"BYE\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("appliance_test_active 2", text, StringComparison.Ordinal);
        Assert.Contains("appliance_test_depth 7", text, StringComparison.Ordinal);
        Assert.Contains("appliance_test_latency_seconds_count 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unlabelled_measurements_allocate_nothing()
    {
        var registry = Metrics.NewCustomRegistry();
        using var bridge = new PrometheusMeterBridge(registry);
        using var meter = new Meter("Appliance.Test.Allocation");
        var timing = meter.CreateHistogram<double>("appliance.test.timing", unit: "s");
        var count = meter.CreateCounter<long>("appliance.test.count");
        for (var i = 0; i < 100; i++)
        {
            timing.Record(0.0001);
            count.Add(1);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            timing.Record(0.0001);
            count.Add(1);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
