using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Host;

public sealed class SystemdUnitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("appliance-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Unit_file_verifies_clean()
    {
        // verify checks that ExecStart exists, so point it at the binary under test.
        var unit = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "systemd", "appliance.service"));
        var path = Path.Combine(_dir, "appliance.service");
        await File.WriteAllTextAsync(path, unit.Replace("/usr/local/bin/appliance", RepoPaths.Binary, StringComparison.Ordinal));

        var result = await ProcessRunner.RunAsync("systemd-analyze", ["verify", path], TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0 && result.Output.Trim().Length == 0, result.Output);
    }

    [Fact]
    public async Task Unit_has_the_operational_settings()
    {
        var unit = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "systemd", "appliance.service"));
        foreach (var line in new[]
        {
            "Type=notify", "WatchdogSec=", "Restart=on-failure", "RestartPreventExitStatus=78", "DynamicUser=yes",
            "ProtectSystem=strict", "NoNewPrivileges=yes", "AmbientCapabilities=CAP_NET_BIND_SERVICE", "LimitNOFILE=", "EnvironmentFile=",
        })
        {
            Assert.Contains("\n" + line, unit, StringComparison.Ordinal);
        }
    }
}
