using System.Globalization;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Outbound;

/// <summary>A SIPp callee (UAS) on a free loopback port, playing one scenario from this folder for one call, with a message log.</summary>
internal sealed class SippUas : IDisposable
{
    private readonly string _work;

    private SippUas(int port, string work, Task<ProcessResult> run)
    {
        Port = port;
        _work = work;
        Run = run;
    }

    public int Port { get; }

    /// <summary>Completes when SIPp exits: 0 when the scenario ran to its end.</summary>
    public Task<ProcessResult> Run { get; }

    /// <summary>Every SIP message SIPp sent and received (read it once <see cref="Run"/> has completed).</summary>
    public string Messages => File.ReadAllText(Path.Combine(_work, "messages.log"));

    public static SippUas Start(string scenario)
    {
        var port = FreePort.Next();
        var work = Directory.CreateTempSubdirectory("sipp-uas-").FullName;
        var path = Path.Combine(RepoPaths.Root, "tests", "Appliance.Interop.Tests", "Outbound", scenario);
        var run = ProcessRunner.RunAsync("sipp",
        [
            "-sf", path, "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
            "-mi", "127.0.0.1", "-mp", FreePort.NextPair().ToString(CultureInfo.InvariantCulture),
            "-t", "u1", "-m", "1", "-nostdin", "-timeout", "60s", "-timeout_error",
            "-trace_err", "-error_file", Path.Combine(work, "errors.log"),
            "-trace_msg", "-message_file", Path.Combine(work, "messages.log"),
        ], TimeSpan.FromSeconds(90), workingDirectory: work);
        return new SippUas(port, work, run);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
