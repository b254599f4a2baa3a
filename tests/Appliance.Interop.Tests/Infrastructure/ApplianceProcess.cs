using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Appliance.Interop.Tests.Infrastructure;

/// <summary>
/// The real AOT binary started as a child process on free loopback ports, with a notify socket
/// so the test knows exactly when it is ready (READY=1) rather than polling.
/// </summary>
internal sealed partial class ApplianceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly NotifySocket _notify;

    public int AdminPort { get; }
    public int SipPort { get; }
    public Uri AdminUrl => new($"http://127.0.0.1:{AdminPort}/");
    public HttpClient Http { get; }
    public int Pid => _process.Id;
    public NotifySocket Notify => _notify;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private ApplianceProcess(Process process, NotifySocket notify, int adminPort, int sipPort)
    {
        _process = process;
        _notify = notify;
        AdminPort = adminPort;
        SipPort = sipPort;
        Http = new HttpClient { BaseAddress = AdminUrl, Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Starts the binary with SIP on a free UDP+TCP loopback port and admin HTTP on another.</summary>
    public static ApplianceProcess Start(IEnumerable<string>? extraArgs = null, IDictionary<string, string>? environment = null, string? binary = null, string? chrootDir = null)
    {
        var adminPort = FreePort.Next();
        var sipPort = FreePort.Next();
        var notify = new NotifySocket();
        var info = new ProcessStartInfo(chrootDir is null ? binary ?? RepoPaths.Binary : "chroot")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (chrootDir is not null)
        {
            info.ArgumentList.Add(chrootDir);
            info.ArgumentList.Add("/appliance");
        }
        string[] args =
        [
            "run",
            $"--admin:listen=127.0.0.1:{adminPort}",
            "--sip:listen:0:transport=udp", "--sip:listen:0:address=127.0.0.1", $"--sip:listen:0:port={sipPort}",
            "--sip:listen:1:transport=tcp", "--sip:listen:1:address=127.0.0.1", $"--sip:listen:1:port={sipPort}",
            .. extraArgs ?? [],
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["NOTIFY_SOCKET"] = notify.Path;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the appliance");
        return new ApplianceProcess(process, notify, adminPort, sipPort);
    }

    public async Task WaitReadyAsync()
    {
        try
        {
            await _notify.WaitForAsync("READY=1", TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nappliance output:\n{Output}", ex);
        }
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _notify.Dispose();
        Http.Dispose();
    }

    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
