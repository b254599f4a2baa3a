using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Host;

/// <summary>systemd's notify protocol and the graceful drain on SIGTERM/SIGINT.</summary>
public sealed class LifecycleTests
{
    [Theory]
    [InlineData(ApplianceProcess.SIGTERM)]
    [InlineData(ApplianceProcess.SIGINT)]
    public async Task Signal_notifies_stopping_drains_and_exits_zero(int signal)
    {
        await using var appliance = ApplianceProcess.Start();
        await appliance.WaitReadyAsync();

        appliance.Signal(signal);

        await appliance.Notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(10));
        Assert.Equal(0, await appliance.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Draining", appliance.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchdog_is_fed_at_half_the_requested_interval()
    {
        await using var appliance = ApplianceProcess.Start(environment: new Dictionary<string, string> { ["WATCHDOG_USEC"] = "400000" });
        await appliance.WaitReadyAsync();
        // 200 ms period: a few pings arrive well within the limit. Waiting on messages, not on time.
        for (var i = 0; i < 3; i++)
        {
            await appliance.Notify.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Watchdog_for_another_pid_is_ignored()
    {
        await using var appliance = ApplianceProcess.Start(environment: new Dictionary<string, string> { ["WATCHDOG_USEC"] = "200000", ["WATCHDOG_PID"] = "1" });
        await appliance.WaitReadyAsync();
        appliance.Signal(ApplianceProcess.SIGTERM);
        var seen = await appliance.Notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("WATCHDOG=1", seen);
    }
}
