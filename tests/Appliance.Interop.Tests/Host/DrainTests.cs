using System.Net;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Host;

/// <summary>SIGTERM with a call up: readiness drops, new calls are refused, the live call finishes, then exit 0.</summary>
[Collection(InteropCollection.Name)]
public sealed class DrainTests
{
    [Fact]
    public async Task Sigterm_drains_refuses_new_calls_and_lets_the_live_call_finish()
    {
        await using var appliance = ApplianceProcess.Start(["--defaultAgent=echo", "--shutdown:drainTimeoutSeconds=30"]);
        await appliance.WaitReadyAsync();

        // A 4-second call, still up when SIGTERM arrives.
        var live = Sipp.RunAsync(appliance, "uac", SipTransport.Udp, extra: ["-d", "4000"]);
        await WaitForAsync(() => appliance.Output.Contains("answered by agent echo", StringComparison.Ordinal));
        appliance.Signal(ApplianceProcess.SIGTERM);
        await appliance.Notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await appliance.Http.GetAsync("readyz")).StatusCode);
        var refused = await Sipp.RunAsync(appliance, "uac", SipTransport.Udp);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Call refused (draining)", appliance.Output, StringComparison.Ordinal);

        var finished = await live;
        Assert.True(finished.ExitCode == 0, finished.Output);
        Assert.Equal(0, await appliance.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Drained: no live work remains", appliance.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_still_up_when_the_grace_period_ends_are_hung_up()
    {
        await using var appliance = ApplianceProcess.Start(["--defaultAgent=echo", "--shutdown:drainTimeoutSeconds=1"]);
        await appliance.WaitReadyAsync();

        var live = Sipp.RunAsync(appliance, Sipp.Scenario("uac_wait_bye.xml"), SipTransport.Udp);
        await WaitForAsync(() => appliance.Output.Contains("answered by agent echo", StringComparison.Ordinal));
        appliance.Signal(ApplianceProcess.SIGTERM);

        var result = await live;
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(0, await appliance.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Hanging up: shutting down", appliance.Output, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20);
        }
        Assert.True(condition());
    }
}
