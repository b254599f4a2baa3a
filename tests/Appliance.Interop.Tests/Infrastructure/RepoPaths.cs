namespace Appliance.Interop.Tests.Infrastructure;

/// <summary>Where the repository and the published binary are.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The AOT binary under test: $APPLIANCE_BINARY, else dist/appliance (./build-aot.sh makes it).</summary>
    public static string Binary
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("APPLIANCE_BINARY") ?? Path.Combine(Root, "dist", "appliance");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{path} does not exist: run ./build-aot.sh first (the interop tests exercise the real binary)");
            }
            return path;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Appliance.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root (Appliance.sln) above " + AppContext.BaseDirectory);
    }
}
