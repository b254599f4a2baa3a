using System.Diagnostics;
using System.Text;

namespace Appliance.Interop.Tests.Infrastructure;

/// <summary>Kamailio (apt) running a test configuration on a free loopback port, in the foreground.</summary>
internal sealed class KamailioProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _log = new();

    public int Port { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private KamailioProcess(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>Starts Kamailio with a config from this project (its __PORT__ replaced) and waits until it answers OPTIONS.</summary>
    public static async Task<KamailioProcess> StartAsync(string configName)
    {
        var port = FreePort.Next();
        var dir = Directory.CreateTempSubdirectory("kamailio-").FullName;
        var template = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Trunks", configName));
        var config = Path.Combine(dir, "kamailio.cfg");
        await File.WriteAllTextAsync(config, template.Replace("__PORT__", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var info = new ProcessStartInfo("kamailio") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-DD", "-E", "-f", config, "-Y", dir, "-m", "64", "-M", "8" })
        {
            info.ArgumentList.Add(arg);
        }
        var kamailio = new KamailioProcess(Process.Start(info)!, dir, port);
        await kamailio.WaitListeningAsync();
        return kamailio;
    }

    private async Task WaitListeningAsync()
    {
        using var udp = new System.Net.Sockets.UdpClient(0, System.Net.Sockets.AddressFamily.InterNetwork);
        var local = ((System.Net.IPEndPoint)udp.Client.LocalEndPoint!).Port;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"kamailio exited: {Log}");
            }
            var options = Encoding.ASCII.GetBytes(
                $"OPTIONS sip:127.0.0.1:{Port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bKprobe{attempt}\r\n" +
                $"From: <sip:probe@127.0.0.1>;tag=p\r\nTo: <sip:127.0.0.1:{Port}>\r\nCall-ID: probe{attempt}@test\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
            await udp.SendAsync(options, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port));
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            try
            {
                await udp.ReceiveAsync(cts.Token);
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }
        throw new TimeoutException($"kamailio did not answer OPTIONS: {Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
