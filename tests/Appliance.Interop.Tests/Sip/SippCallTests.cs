using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Sip;

/// <summary>Real calls from SIPp (apt sip-tester) to the AOT binary over loopback, UDP and TCP.</summary>
[Collection(InteropCollection.Name)]
public sealed class SippCallTests
{
    [Theory]
    [InlineData(SipTransport.Udp)]
    [InlineData(SipTransport.Tcp)]
    public async Task Builtin_uac_call_is_answered_and_ended_by_bye(SipTransport transport)
    {
        await using var appliance = ApplianceProcess.Start();
        await appliance.WaitReadyAsync();

        var result = await Sipp.RunAsync(appliance, "uac", transport, extra: ["-d", "1000"]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("answered by agent parrot", appliance.Output, StringComparison.Ordinal);
        Assert.Contains("Call ended: Hangup, by caller", appliance.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SipTransport.Udp)]
    [InlineData(SipTransport.Tcp)]
    public async Task Cancel_before_answer_gets_200_then_487(SipTransport transport)
    {
        await using var appliance = ApplianceProcess.Start(["--agents:ringing:type=echo", "--agents:ringing:answerDelayMs=5000", "--defaultAgent=ringing"]);
        await appliance.WaitReadyAsync();

        var result = await Sipp.RunAsync(appliance, Sipp.Scenario("uac_cancel.xml"), transport);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Call ended: Cancelled", appliance.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("answered by agent", appliance.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SipTransport.Udp)]
    [InlineData(SipTransport.Tcp)]
    public async Task Reinvite_hold_and_unhold_are_answered_recvonly_then_sendrecv(SipTransport transport)
    {
        await using var appliance = ApplianceProcess.Start();
        await appliance.WaitReadyAsync();

        var result = await Sipp.RunAsync(appliance, Sipp.Scenario("uac_hold_unhold.xml"), transport);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Re-offer answered: direction RecvOnly", appliance.Output, StringComparison.Ordinal);
        Assert.Contains("Re-offer answered: direction SendRecv", appliance.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SipTransport.Udp)]
    [InlineData(SipTransport.Tcp)]
    public async Task Appliance_sends_bye_when_media_stops(SipTransport transport)
    {
        await using var appliance = ApplianceProcess.Start(["--media:mediaTimeoutSeconds=2"]);
        await appliance.WaitReadyAsync();

        var result = await Sipp.RunAsync(appliance, Sipp.Scenario("uac_wait_bye.xml"), transport);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Hanging up: no RTP within the media timeout", appliance.Output, StringComparison.Ordinal);
        Assert.Contains("Call ended: Hangup, by appliance", appliance.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SipTransport.Udp)]
    [InlineData(SipTransport.Tcp)]
    public async Task Two_hundred_calls_fifty_at_a_time_all_succeed(SipTransport transport)
    {
        await using var appliance = ApplianceProcess.Start(["--log:levels:Default=Warning"]);
        await appliance.WaitReadyAsync();

        var result = await Sipp.RunAsync(appliance, "uac", transport, calls: 200, concurrent: 50, rate: 100, extra: ["-d", "2000"], timeout: TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, result.Output);
        var metrics = await appliance.Http.GetStringAsync("metrics");
        Assert.Contains("appliance_calls_total{outcome=\"answered\",status=\"200\"} 200", metrics, StringComparison.Ordinal);
        Assert.Contains("appliance_calls_active 0", metrics, StringComparison.Ordinal);
    }
}
