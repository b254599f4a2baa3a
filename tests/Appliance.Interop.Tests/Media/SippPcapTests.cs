using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Media;

/// <summary>
/// SIPp's built-in uac_pcap scenario: a call that plays a recorded PCMA stream, then an
/// RFC 4733 telephone-event '1', to the echo agent.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class SippPcapTests
{
    [Fact]
    public async Task Builtin_uac_pcap_call_passes_and_its_rfc4733_digit_is_received()
    {
        using var scenario = await SippPcapScenario.CreateAsync();
        await using var appliance = ApplianceProcess.Start(["--defaultAgent=echo"]);
        await appliance.WaitReadyAsync();

        var result = await Sipp.RunAsync(appliance, scenario.Path, SipTransport.Udp, timeout: TimeSpan.FromSeconds(40));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("answered by agent echo (PCMA)", appliance.Output, StringComparison.Ordinal);
        Assert.Contains("DTMF 1 received", appliance.Output, StringComparison.Ordinal);
        Assert.Contains("Call ended: Hangup, by caller", appliance.Output, StringComparison.Ordinal);
    }
}
