using System.Diagnostics;
using Appliance.Interop.Tests.Infrastructure;
using Appliance.Providers.Tests.Realtime.Fakes;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>
/// What a call against a fake realtime provider needs: speech clips, the fake (started before each test and stopped
/// after it) and the caller's own RTP socket; plus the checks every provider's calls share.
/// </summary>
public abstract class FakeProviderCallTest(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The agent's tools in the tool-call tests: one function taking an order number.</summary>
    private protected const string LookupOrderTool = """
        [{ "name": "lookup_order", "description": "Finds an order by its number.",
           "parameters": { "type": "object", "properties": { "order": { "type": "string" } }, "required": ["order"] } }]
        """;

    private protected ITestOutputHelper Output { get; } = output;

    private protected SpeechClips Clips { get; } = new();

    private protected RtpPeer Rtp { get; } = new();

    /// <summary>The test's fake provider server (the derived class keeps it typed).</summary>
    private protected abstract FakeRealtimeServer Provider { get; }

    public Task InitializeAsync() => Provider.StartAsync();

    public async Task DisposeAsync()
    {
        Rtp.Dispose();
        await Provider.DisposeAsync();
        Clips.Dispose();
    }

    /// <summary>
    /// Calls <paramref name="appliance"/> (configured with a 1.5 s setup timeout, its provider told not to confirm the
    /// setup) and checks it hangs up about 1.5 s after sending <paramref name="setupName"/>, saying why.
    /// </summary>
    private protected async Task AssertHungUpAfterSetupTimeoutAsync(ApplianceProcess appliance, Func<ApplianceProcess, Task> setupSent, string setupName)
    {
        var call = SippCaller.ApplianceHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(10));
        await setupSent(appliance);
        long setupSentAt = Stopwatch.GetTimestamp();

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
        TimeSpan lastAudio = Stopwatch.GetElapsedTime(setupSentAt, Rtp.Received[^1].ArrivedAt);
        Output.WriteLine($"RTP stopped {lastAudio.TotalMilliseconds:F0} ms after {setupName} (setup timeout 1500 ms)");
        Assert.InRange(lastAudio.TotalMilliseconds, 1400, 4000);
        Assert.Contains("setup not confirmed within 1.5 s", appliance.Output, StringComparison.Ordinal);
        Assert.Matches(@"Call ended: \w+, by appliance", appliance.Output);
    }

    /// <summary>After the provider sent malformed messages: the appliance stays healthy, logs them, and the caller ends the call.</summary>
    private protected static async Task AssertCallSurvivedMalformedMessagesAsync(ApplianceProcess appliance, Task<ProcessResult> call)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, (await appliance.Http.GetAsync("healthz")).StatusCode);

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("ignored a malformed message", appliance.Output, StringComparison.Ordinal);
        Assert.Matches(@"Call ended: \w+, by caller", appliance.Output);
    }
}
