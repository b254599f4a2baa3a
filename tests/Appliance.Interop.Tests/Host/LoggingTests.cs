using System.Text.Json;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Host;

public sealed class LoggingTests
{
    [Fact]
    public async Task Json_format_writes_one_object_per_line()
    {
        await using var appliance = ApplianceProcess.Start(["--log:format=json"]);
        await appliance.WaitReadyAsync();
        appliance.Signal(ApplianceProcess.SIGTERM);
        await appliance.WaitForExitAsync(TimeSpan.FromSeconds(20));

        var lines = appliance.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.True(doc.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(doc.RootElement.TryGetProperty("Message", out _), line);
        }
    }

    [Fact]
    public async Task Secrets_never_reach_the_log_even_at_trace()
    {
        const string Token = "tok-9f8e7d6c5b4a-never-log-me";
        await using var appliance = ApplianceProcess.Start(
            ["--admin:token:env=APPLIANCE_TEST_ADMIN_TOKEN", "--log:levels:Default=Trace"],
            new Dictionary<string, string> { ["APPLIANCE_TEST_ADMIN_TOKEN"] = Token });
        await appliance.WaitReadyAsync();
        await appliance.Http.GetStringAsync("metrics");
        appliance.Signal(ApplianceProcess.SIGTERM);
        await appliance.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("ready", appliance.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, appliance.Output, StringComparison.Ordinal);
    }
}
