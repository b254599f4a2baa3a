namespace Appliance.Interop.Tests.Infrastructure;

public enum SipTransport
{
    Udp,
    Tcp,
}

/// <summary>Runs SIPp (apt sip-tester) against an appliance on loopback.</summary>
internal static class Sipp
{
    public static string Scenario(string name) => Path.Combine(AppContext.BaseDirectory, "Sip", "Scenarios", name);

    public static string TrunkScenario(string name) => Path.Combine(AppContext.BaseDirectory, "Trunks", name);

    /// <summary>
    /// Runs one SIPp client. scenario is a built-in name ("uac") or an XML path. Exit code 0
    /// means every call succeeded; the result's output carries SIPp's error log for diagnosis.
    /// Calls go to the appliance unless remotePort names another peer on loopback (a proxy in front of it).
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        ApplianceProcess appliance, string scenario, SipTransport transport,
        int calls = 1, int concurrent = 1, double rate = 10, IEnumerable<string>? extra = null, TimeSpan? timeout = null,
        int? remotePort = null, string service = "agent")
    {
        var work = Directory.CreateTempSubdirectory("sipp-").FullName;
        try
        {
            var errors = Path.Combine(work, "errors.log");
            List<string> args =
            [
                .. scenario.EndsWith(".xml", StringComparison.Ordinal) ? new[] { "-sf", scenario } : ["-sn", scenario],
                "-i", "127.0.0.1", "-p", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-mi", "127.0.0.1", "-mp", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-t", transport == SipTransport.Udp ? "u1" : "t1",
                "-s", service,
                "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-l", concurrent.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-nostdin", "-timeout", "90s", "-timeout_error",
                "-trace_err", "-error_file", errors,
                .. extra ?? [],
                $"127.0.0.1:{remotePort ?? appliance.SipPort}",
            ];
            var result = await ProcessRunner.RunAsync("sipp", args, timeout ?? TimeSpan.FromSeconds(120), workingDirectory: work);
            var errorLog = File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "";
            return result with { StdErr = result.StdErr + "\n--- sipp error log ---\n" + errorLog + "\n--- appliance ---\n" + appliance.Output };
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
