using System.Text.Json;
using Appliance.Admin;
using Appliance.Hosting;

namespace Appliance.Tests.Admin;

public sealed class ReadinessReportTests
{
    [Fact]
    public void Serializes_camel_case_with_explicit_nulls_through_the_generated_context()
    {
        var report = new ReadinessReport("draining", new Dictionary<string, TrunkReadiness>
        {
            ["kam"] = new("failed", "127.0.0.1:5060", null, "401 Unauthorized: credentials rejected (check username and password)"),
        });

        var json = JsonSerializer.Serialize(report, AdminJsonContext.Default.ReadinessReport);

        Assert.Equal(
            "{\"status\":\"draining\",\"trunks\":{\"kam\":{\"state\":\"failed\",\"contact\":\"127.0.0.1:5060\",\"expiresAt\":null," +
            "\"lastError\":\"401 Unauthorized: credentials rejected (check username and password)\"}}}",
            json);
    }

    [Fact]
    public void Status_is_the_lowercase_lifecycle_phase_with_no_trunks_when_none_register()
    {
        var report = ReadinessReport.From(LifecyclePhase.Starting, []);
        Assert.Equal("starting", report.Status);
        Assert.Empty(report.Trunks);
    }
}
