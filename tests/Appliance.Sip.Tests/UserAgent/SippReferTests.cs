using System.Net;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

/// <summary>
/// Blind transfer against SIPp (apt sip-tester) over real UDP and TCP sockets on the system clock: SIPp calls the agent,
/// the application transfers it with REFER, and SIPp (Scenarios/uac_refer.xml) checks the REFER, accepts it, reports the
/// outcome in sipfrag NOTIFYs and expects a 200 to each, then the application hangs up.
/// </summary>
public sealed class SippReferTests
{
    private const string Target = "sip:transfer-target@example.invalid";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sipp_transferee_accepts_our_refer_and_reports_success(bool tcp)
    {
        string scenario = Path.Combine(SippInteropTests.RepoRoot(), "tests", "Appliance.Sip.Tests", "UserAgent", "Scenarios", "uac_refer.xml");
        int port = SippInteropTests.FreePort();
        Task<SipReferOutcome>? transfer = null;
        var handler = new TestCallHandler
        {
            OnCall = c =>
            {
                c.Accept(UserAgentFixture.AnswerSdp);
                transfer = TransferThenHangUpAsync(c);
            },
        };
        using var timers = new SipTimerQueue(TimeProvider.System);
        var options = new SipTransportOptions();
        SipTransportKind kind = tcp ? SipTransportKind.Tcp : SipTransportKind.Udp;
        options.Listeners.Add(new SipListenerOptions(kind, new IPEndPoint(IPAddress.Loopback, port)));
        await using var hub = new SipTransportHub(options);
        var adapter = new SipTransportHubAdapter(hub);
        var binding = new SipTransactionLayerBinding(adapter);
        binding.Layer = new SipTransactionLayer(adapter, binding, timers);
        using var agent = new SipUserAgent(binding, new SipUserAgentOptions { Addresses = [new SipAdvertisedAddress(tcp ? "TCP" : "UDP", "127.0.0.1", port)] },
            handler, timers, NullLoggerFactory.Instance);
        binding.Agent = agent;
        hub.Start(binding.Layer);

        (int exitCode, string output) = await SippInteropTests.RunSippAsync(scenario, port, tcp);

        Assert.True(exitCode == 0, output);
        Assert.NotNull(transfer);
        SipReferOutcome outcome = await transfer.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal(200, outcome.StatusCode);
        SipCallEnd end = await Assert.Single(handler.Calls).Ended.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(SipCallEndReason.Hangup, end.Reason);
        Assert.False(end.ByRemote);
        Assert.Equal(0, agent.ActiveDialogs);
    }

    /// <summary>What the call layer does on a transfer decision: REFER a moment after answering, BYE once it worked.</summary>
    private static async Task<SipReferOutcome> TransferThenHangUpAsync(IncomingCall call)
    {
        await Task.Delay(300); // let SIPp's ACK arrive first, so its scenario sees the REFER where it expects it
        SipReferOutcome outcome = await call.ReferAsync(Target, CancellationToken.None);
        if (outcome.Succeeded)
        {
            call.Hangup();
        }

        return outcome;
    }
}
