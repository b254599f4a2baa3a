using System.Net;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Host;

/// <summary>
/// The FROM-scratch image's root filesystem, assembled by the same script the Dockerfile runs,
/// booted with chroot: proves the binary needs nothing beyond the listed files.
/// </summary>
public sealed class ScratchRootTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"appliance-rootfs-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Boots_in_the_scratch_root_and_answers_healthz()
    {
        var script = Path.Combine(RepoPaths.Root, "deploy", "scratch-rootfs.sh");
        var assemble = await ProcessRunner.RunAsync(script, ["--runtime-devices", RepoPaths.Binary, _root], TimeSpan.FromSeconds(30));
        Assert.True(assemble.ExitCode == 0, assemble.Output);

        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(_root, "dev"), StringComparison.Ordinal))
            .Select(f => f[_root.Length..])
            .Order()
            .ToArray();
        Assert.Equal(
            ["/appliance", "/etc/ssl/certs/ca-certificates.crt", "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6", "/lib64/ld-linux-x86-64.so.2"],
            files);

        // NOTIFY_SOCKET lives outside the root, so readiness is read from /readyz here.
        await using var appliance = ApplianceProcess.Start(chrootDir: _root, environment: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = "" });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode? status = null;
        while (DateTime.UtcNow < deadline && status != HttpStatusCode.OK)
        {
            try
            {
                status = (await appliance.Http.GetAsync("healthz")).StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20);
            }
        }
        Assert.True(status == HttpStatusCode.OK, appliance.Output);
        Assert.DoesNotContain("Exception", appliance.Output, StringComparison.Ordinal);
    }
}
