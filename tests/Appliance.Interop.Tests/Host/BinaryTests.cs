using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Host;

/// <summary>The release artifact itself: one file, glibc only, versioned.</summary>
public sealed class BinaryTests
{
    [Fact]
    public async Task Depends_only_on_libc_libm_and_the_loader()
    {
        var ldd = await ProcessRunner.RunAsync("ldd", [RepoPaths.Binary], TimeSpan.FromSeconds(10));
        Assert.Equal(0, ldd.ExitCode);
        var libraries = ldd.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => !name.StartsWith("linux-vdso", StringComparison.Ordinal))
            .Order()
            .ToArray();
        Assert.Equal(["/lib64/ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6"], libraries);
    }

    [Fact]
    public void Is_one_file_under_25_MB()
    {
        var dist = Path.GetDirectoryName(RepoPaths.Binary)!;
        Assert.Equal(["appliance"], Directory.GetFiles(dist).Select(Path.GetFileName));
        Assert.InRange(new FileInfo(RepoPaths.Binary).Length, 1, 25 * 1024 * 1024);
    }

    [Fact]
    public async Task Version_names_version_and_commit()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Binary, ["--version"], TimeSpan.FromSeconds(10));
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^appliance \d+\.\d+\.\d+ \(commit [0-9a-f]{7,}(-dirty)?\)\s*$", result.StdOut);
    }

    [Fact]
    public async Task Help_lists_commands_and_exit_codes()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Binary, ["--help"], TimeSpan.FromSeconds(10));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("check-config", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("78 invalid configuration", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_argument_is_a_usage_error()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Binary, ["--frobnicate"], TimeSpan.FromSeconds(10));
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("unknown argument '--frobnicate'", result.StdErr, StringComparison.Ordinal);
    }
}
