using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Appliance.Configuration;

/// <summary>The outcome of loading configuration: a valid model, or every problem found.</summary>
public sealed class ConfigLoadResult
{
    public required ApplianceConfig? Config { get; init; }
    public required IReadOnlyList<ConfigError> Errors { get; init; }

    /// <summary>The file that was read, or null when the embedded defaults served.</summary>
    public string? FilePath { get; init; }

    public ResolvedSecrets Secrets { get; init; } = new();
    public bool IsValid => Errors.Count == 0 && Config is not null;
}

/// <summary>
/// Reads appliance.json, then APPLIANCE_-prefixed environment variables, then --Section:Key=value
/// arguments (the .NET configuration convention), checks every option against the model's schema,
/// binds with the source-generated binder and validates.
/// </summary>
public static partial class ConfigLoader
{
    public const string EnvironmentPrefix = "APPLIANCE_";

    /// <summary>The file looked for when no --config is given, in order.</summary>
    public static readonly string[] DefaultPaths = ["appliance.json", "/etc/appliance/appliance.json"];

    /// <summary>Keys that select configuration rather than being part of it.</summary>
    private static readonly string[] ReservedKeys = ["config"];

    public static ConfigLoadResult Load(string? explicitPath, IReadOnlyList<string> overrides)
    {
        var path = explicitPath ?? Environment.GetEnvironmentVariable(EnvironmentPrefix + "CONFIG");
        var errors = new List<ConfigError>();
        if (path is not null && !File.Exists(path))
        {
            errors.Add(new ConfigError("config", $"file '{path}' does not exist"));
            return new ConfigLoadResult { Config = null, Errors = errors };
        }
        path ??= Array.Find(DefaultPaths, File.Exists);
        if (path is not null)
        {
            path = Path.GetFullPath(path);
        }

        IConfigurationRoot root;
        try
        {
            var builder = new ConfigurationBuilder();
            if (path is not null)
            {
                builder.AddJsonFile(path, optional: false, reloadOnChange: false);
            }
            builder.AddEnvironmentVariables(EnvironmentPrefix);
            builder.AddCommandLine([.. overrides]);
            root = builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidDataException or IOException)
        {
            errors.Add(DescribeParseError(path ?? "configuration", ex));
            return new ConfigLoadResult { Config = null, Errors = errors, FilePath = path };
        }

        // Mistyped and unknown options are reported, then left out so that the rest still binds
        // and is validated: the operator sees every problem in one run.
        var valid = CheckAgainstSchema(root, errors, out var freeFormSections);
        var config = new ApplianceConfig();
        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(valid).Build().Bind(config);
        }
        catch (InvalidOperationException ex)
        {
            // The schema check catches mistyped values first; this is the backstop.
            errors.Add(new ConfigError(ExtractPath(ex.Message) ?? "", ex.Message));
            return new ConfigLoadResult { Config = null, Errors = errors, FilePath = path };
        }
        ConfigDefaults.Apply(config);
        FreeFormJson.Apply(config, root, path, freeFormSections, errors);

        var source = new SourceNamer(root);
        ConfigValidator.Validate(config, errors);
        var secrets = ResolvedSecrets.Resolve(config, errors);
        // A missing option has no source of its own: it is missing from the file in use.
        var located = errors.ConvertAll(e => e with { Source = e.Source ?? source.Describe(e.Path) ?? path });
        return new ConfigLoadResult { Config = located.Count == 0 ? config : null, Errors = located, FilePath = path, Secrets = secrets };
    }

    /// <summary>Reports unknown and mistyped options; returns the options that passed.</summary>
    private static Dictionary<string, string?> CheckAgainstSchema(IConfigurationRoot root, List<ConfigError> errors, out HashSet<string> freeFormSections)
    {
        var schema = ConfigSchema.Instance;
        var source = new SourceNamer(root);
        var valid = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        freeFormSections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root.AsEnumerable())
        {
            if (value is null || Array.Exists(ReservedKeys, r => r.Equals(key, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            if (ConfigSchema.FreeFormSectionOf(key) is { } freeForm)
            {
                freeFormSections.Add(freeForm);
                continue;
            }
            var kind = schema.KindOf(key);
            var before = errors.Count;
            if (kind is null && value.Length == 0 && schema.IsSection(key))
            {
                // An empty list or object in the file ("allowedNetworks": []): nothing to bind.
                continue;
            }
            if (kind is null && IsUnstructuredEnvironmentVariable(root, key))
            {
                // APPLIANCE_ADMIN_TOKEN and the like are secrets referenced by {"env": ...}, not overrides.
                continue;
            }
            if (kind is null)
            {
                var message = schema.IsSection(key) ? "is a section, not a value" : "is not a known option";
                errors.Add(new ConfigError(key, message, source.Describe(key)));
            }
            else if (kind == JsonValueKind.Number && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                errors.Add(new ConfigError(key, $"'{value}' is not a number", source.Describe(key)));
            }
            else if (kind == JsonValueKind.True && !bool.TryParse(value, out _))
            {
                errors.Add(new ConfigError(key, $"'{value}' is not true or false", source.Describe(key)));
            }
            if (errors.Count == before)
            {
                valid[key] = value;
            }
        }
        return valid;
    }

    /// <summary>A top-level key that only the environment supplies: an unrelated APPLIANCE_ variable.</summary>
    private static bool IsUnstructuredEnvironmentVariable(IConfigurationRoot root, string key)
    {
        if (key.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }
        var fromEnvironment = false;
        foreach (var provider in root.Providers)
        {
            if (provider.TryGet(key, out _))
            {
                if (provider is not EnvironmentVariablesConfigurationProvider)
                {
                    return false;
                }
                fromEnvironment = true;
            }
        }
        return fromEnvironment;
    }

    private static ConfigError DescribeParseError(string path, Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException { LineNumber: { } line } json)
            {
                var column = json.BytePositionInLine is { } col ? $", column {col + 1}" : "";
                return new ConfigError("", $"invalid JSON at line {line + 1}{column}", path);
            }
        }
        return new ConfigError("", ex.Message, path);
    }

    private static string? ExtractPath(string message) =>
        QuotedPath().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("at '([^']+)'")]
    private static partial Regex QuotedPath();

    /// <summary>The variable as the operator spelled it (names are case-sensitive; configuration keys are not).</summary>
    private static string EnvironmentVariableFor(string key)
    {
        var wanted = EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.Equals(wanted, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }
        return wanted;
    }

    /// <summary>Names where an option's effective value came from, so an error points at the right place.</summary>
    private sealed class SourceNamer(IConfigurationRoot root)
    {
        public string? Describe(string key)
        {
            for (var i = root.Providers.Count() - 1; i >= 0; i--)
            {
                var provider = root.Providers.ElementAt(i);
                if (!provider.TryGet(key, out _))
                {
                    continue;
                }
                return provider switch
                {
                    JsonConfigurationProvider json => json.Source.Path is { } p ? Path.GetFullPath(p, json.Source.FileProvider is Microsoft.Extensions.FileProviders.PhysicalFileProvider physical ? physical.Root : Environment.CurrentDirectory) : "appliance.json",
                    EnvironmentVariablesConfigurationProvider => "environment " + EnvironmentVariableFor(key),
                    CommandLineConfigurationProvider => "command line --" + key,
                    _ => provider.ToString(),
                };
            }
            return null;
        }
    }
}
