namespace Appliance.Configuration;

/// <summary>One problem in the configuration: the option's path, where its value came from, and what is wrong.</summary>
public sealed record ConfigError(string Path, string Message, string? Source = null)
{
    public override string ToString() => (Source, Path) switch
    {
        (null, _) => $"{Path}: {Message}",
        (_, "") => $"{Source}: {Message}",
        _ => $"{Source}: {Path}: {Message}",
    };
}
