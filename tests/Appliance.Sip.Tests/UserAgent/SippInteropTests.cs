using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

/// <summary>
/// SIPp (apt sip-tester) calls the user agent over a real UDP socket: transport hub → transaction layer → binding →
/// agent, on the system clock. Uses the built-in "uac" scenario and the interop suite's scenario files.
/// </summary>
public sealed class SippInteropTests
{
    [Theory]
    [InlineData("uac", SipCallEndReason.Hangup, true, false)]
    [InlineData("uac_wait_bye.xml", SipCallEndReason.Hangup, false, false)]
    [InlineData("uac_hold_unhold.xml", SipCallEndReason.Hangup, true, false)]
    [InlineData("uac_cancel.xml", SipCallEndReason.Cancelled, true, false)]
    [InlineData("uac", SipCallEndReason.Hangup, true, true)]
    [InlineData("uac_wait_bye.xml", SipCallEndReason.Hangup, false, true)]
    public async Task Sipp_scenario_completes(string scenario, SipCallEndReason expectedEnd, bool byRemote, bool tcp)
    {
        bool cancel = scenario == "uac_cancel.xml";
        string path = scenario.EndsWith(".xml", StringComparison.Ordinal)
            ? Path.Combine(RepoRoot(), "tests", "Appliance.Interop.Tests", "Sip", "Scenarios", scenario)
            : scenario;
        int port = FreePort();
        SipTransportKind kind = tcp ? SipTransportKind.Tcp : SipTransportKind.Udp;
        var handler = new TestCallHandler
        {
            OnCall = c =>
            {
                c.OfferHandler = (_, offer) => UserAgentFixture.AnswerSdp.Replace("a=sendrecv",
                    offer.Contains("a=sendonly", StringComparison.Ordinal) ? "a=recvonly" : "a=sendrecv", StringComparison.Ordinal);
                c.Ring();
                if (!cancel)
                {
                    c.Accept(UserAgentFixture.AnswerSdp);
                }

                if (!byRemote)
                {
                    // The application hangs up a moment after answering (the scenario waits for our BYE).
                    _ = Task.Delay(500).ContinueWith(_ => c.Hangup(), TaskScheduler.Default);
                }
            },
        };
        using var timers = new SipTimerQueue(TimeProvider.System);
        var options = new SipTransportOptions();
        options.Listeners.Add(new SipListenerOptions(kind, new IPEndPoint(IPAddress.Loopback, port)));
        await using var hub = new SipTransportHub(options);
        var adapter = new SipTransportHubAdapter(hub);
        var binding = new SipTransactionLayerBinding(adapter);
        binding.Layer = new SipTransactionLayer(adapter, binding, timers);
        using var agent = new SipUserAgent(binding, new SipUserAgentOptions { Addresses = [new SipAdvertisedAddress(tcp ? "TCP" : "UDP", "127.0.0.1", port)] },
            handler, timers, NullLoggerFactory.Instance);
        binding.Agent = agent;
        hub.Start(binding.Layer);

        (int exitCode, string output) = await RunSippAsync(path, port, tcp);

        Assert.True(exitCode == 0, output);
        IncomingCall call = Assert.Single(handler.Calls);
        SipCallEnd end = await call.Ended.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(expectedEnd, end.Reason);
        Assert.Equal(byRemote, end.ByRemote);
        Assert.Equal(0, agent.ActiveDialogs);
    }

    internal static async Task<(int ExitCode, string Output)> RunSippAsync(string scenario, int port, bool tcp)
    {
        string work = Directory.CreateTempSubdirectory("sipp-ua-").FullName;
        try
        {
            string errors = Path.Combine(work, "errors.log");
            var start = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
            foreach (string arg in (string[])[
                scenario.EndsWith(".xml", StringComparison.Ordinal) ? "-sf" : "-sn", scenario,
                "-i", "127.0.0.1", "-p", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-mi", "127.0.0.1", "-mp", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-t", tcp ? "t1" : "u1", "-s", "agent", "-m", "1", "-d", "200", "-nostdin", "-timeout", "30s", "-timeout_error",
                "-trace_err", "-error_file", errors, $"127.0.0.1:{port}"])
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(40));
            string log = File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "";
            return (process.ExitCode, log + await stderr + (await stdout)[^Math.Min(2000, (await stdout).Length)..]);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A loopback port free for both TCP and UDP (a free UDP port may be taken on TCP).</summary>
    internal static int FreePort()
    {
        while (true)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    internal static string RepoRoot()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Appliance.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Appliance.sln not found above the test binaries.");
    }
}
