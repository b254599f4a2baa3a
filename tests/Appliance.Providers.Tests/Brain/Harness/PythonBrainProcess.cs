using System.Diagnostics;

namespace Appliance.Providers.Tests.Brain.Harness;

/// <summary>The reference brain (deploy/remote-brain/brain.py) run as a real python3 process on a free loopback port.</summary>
internal sealed class PythonBrainProcess : IAsyncDisposable
{
    public const string Token = "test-token";
    public const string Secret = "test-secret";

    private readonly Process _process;

    private PythonBrainProcess(Process process, Uri baseUrl, string eventsFile)
    {
        _process = process;
        BaseUrl = baseUrl;
        EventsFile = eventsFile;
    }

    public Uri BaseUrl { get; }

    /// <summary>Where the brain appends the events it receives, one JSON object a line.</summary>
    public string EventsFile { get; }

    public static async Task<PythonBrainProcess> StartAsync()
    {
        string eventsFile = Path.Combine(Path.GetTempPath(), $"brain-events-{Guid.NewGuid():N}.jsonl");
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Port 0: the brain binds a free port and prints it, so parallel test runs never collide.
        foreach (string argument in new[] { "-u", FindScript(), "--port", "0", "--token", Token, "--secret", Secret, "--events-file", eventsFile })
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        const string Prefix = "listening on ";
        if (line is null || !line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"brain.py did not start: '{line}'");
        }

        return new PythonBrainProcess(process, new Uri("http://" + line[Prefix.Length..]), eventsFile);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(EventsFile);
    }

    private static string FindScript()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "deploy", "remote-brain", "brain.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("deploy/remote-brain/brain.py not found above " + AppContext.BaseDirectory);
    }
}
