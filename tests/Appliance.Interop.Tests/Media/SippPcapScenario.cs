using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Media;

/// <summary>
/// SIPp's built-in uac_pcap scenario (INVITE, ~8 s of PCMA from a pcap, an RFC 4733 '1', BYE),
/// dumped to a temp folder with its pcaps pointing at where the sip-tester package installs them:
/// the built-in names them relative to the working directory ("pcap/g711a.pcap").
/// </summary>
internal sealed class SippPcapScenario : IDisposable
{
    public string Path { get; }

    private SippPcapScenario(string path) => Path = path;

    public static async Task<SippPcapScenario> CreateAsync()
    {
        var dump = await ProcessRunner.RunAsync("sipp", ["-sd", "uac_pcap"], TimeSpan.FromSeconds(10));
        // sipp -sd prints the scenario and then exits non-zero, so judge by what it printed.
        Assert.True(dump.StdOut.Contains("</scenario>", StringComparison.Ordinal), dump.Output);
        var scenario = new SippPcapScenario(System.IO.Path.Combine(Directory.CreateTempSubdirectory("uac-pcap-").FullName, "uac_pcap.xml"));
        await File.WriteAllTextAsync(scenario.Path, dump.StdOut.Replace("\"pcap/", "\"/usr/share/sip-tester/", StringComparison.Ordinal));
        return scenario;
    }

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
}
