using System.Net;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Host;

public sealed class AdminEndpointTests
{
    [Fact]
    public async Task Health_readiness_and_metrics_answer_once_ready()
    {
        await using var appliance = ApplianceProcess.Start();
        await appliance.WaitReadyAsync();

        Assert.Equal(HttpStatusCode.OK, (await appliance.Http.GetAsync("healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await appliance.Http.GetAsync("readyz")).StatusCode);
        var metrics = await appliance.Http.GetStringAsync("metrics");
        Assert.Contains("appliance_build_info{version=\"", metrics, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total ", metrics, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total ", metrics, StringComparison.Ordinal);
        Assert.Contains("process_working_set_bytes ", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_pass_promtool_check()
    {
        await using var appliance = ApplianceProcess.Start();
        await appliance.WaitReadyAsync();
        var metrics = await appliance.Http.GetStringAsync("metrics");

        var promtool = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], TimeSpan.FromSeconds(20), stdin: metrics);
        Assert.True(promtool.ExitCode == 0, $"promtool: {promtool.Output}\n{metrics}");
    }

    [Fact]
    public async Task Unknown_path_is_404()
    {
        await using var appliance = ApplianceProcess.Start();
        await appliance.WaitReadyAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await appliance.Http.GetAsync("nope")).StatusCode);
    }
}
