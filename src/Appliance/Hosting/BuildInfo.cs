using System.Reflection;

namespace Appliance.Hosting;

/// <summary>Version and commit, stamped at build time into the informational version ("0.1.0+abcdef").</summary>
public static class BuildInfo
{
    public static string Version { get; }
    public static string Commit { get; }

    static BuildInfo()
    {
        var informational = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        Version = plus < 0 ? informational : informational[..plus];
        Commit = plus < 0 ? "unknown" : informational[(plus + 1)..];
    }
}
