using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Appliance.Configuration;

/// <summary>
/// Recovers the JSON of sections the model keeps as written (a tool's argument schema, a brain's config object).
/// The configuration system flattens JSON into strings, which would turn <c>"required": ["a"]</c> into keys and
/// <c>1</c> into <c>"1"</c>; so a section that comes wholly from the file is copied from the file itself, and only a
/// section an environment variable or argument touched is rebuilt from its keys.
/// </summary>
internal static class FreeFormJson
{
    private static readonly JsonDocumentOptions FileOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static void Apply(ApplianceConfig config, IConfigurationRoot root, string? filePath, HashSet<string> sections, List<ConfigError> errors)
    {
        using var file = ParseFile(filePath);
        foreach (var section in sections)
        {
            var segments = section.Split(':');
            var json = (file is not null && !OverriddenOutsideFile(root, section) ? Find(file.RootElement, segments) : null)
                ?? Rebuild(root.GetSection(section));
            if (segments[0].Equals("brains", StringComparison.OrdinalIgnoreCase) && config.Brains.TryGetValue(segments[1], out var brain))
            {
                brain.ConfigJson = json;
            }
            else if (config.Agents.TryGetValue(segments[1], out var agent) && int.TryParse(segments[4], CultureInfo.InvariantCulture, out var index) && index < agent.Realtime.Tools.Count)
            {
                if (!json.StartsWith('{'))
                {
                    errors.Add(new ConfigError(section, "must be a JSON schema object"));
                }
                agent.Realtime.Tools[index].ParametersJson = json;
            }
        }
    }

    private static JsonDocument? ParseFile(string? path)
    {
        if (path is null)
        {
            return null;
        }
        // Already parsed once by the configuration system, so it is valid JSON.
        return JsonDocument.Parse(File.ReadAllBytes(path), FileOptions);
    }

    private static bool OverriddenOutsideFile(IConfigurationRoot root, string section)
    {
        foreach (var provider in root.Providers)
        {
            if (provider is not JsonConfigurationProvider && provider.GetChildKeys([], section).Any())
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The element at a configuration path, matching names as configuration does (case-insensitively).</summary>
    private static string? Find(JsonElement element, string[] segments)
    {
        foreach (var segment in segments)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                var found = false;
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.Equals(segment, StringComparison.OrdinalIgnoreCase))
                    {
                        element = property.Value;
                        found = true;
                        break;
                    }
                }
                if (!found)
                {
                    return null;
                }
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return null;
            }
        }
        return element.GetRawText();
    }

    /// <summary>Rebuilds JSON from flattened keys: consecutive indices become arrays, and true/false/numbers literals.</summary>
    private static string Rebuild(IConfigurationSection section)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, section);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            WriteScalar(writer, section.Value ?? "");
            return;
        }
        var isArray = true;
        for (var i = 0; i < children.Count && isArray; i++)
        {
            isArray = children.Exists(c => c.Key == i.ToString(CultureInfo.InvariantCulture));
        }
        if (isArray)
        {
            writer.WriteStartArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                Write(writer, child);
            }
            writer.WriteEndArray();
            return;
        }
        writer.WriteStartObject();
        foreach (var child in children)
        {
            writer.WritePropertyName(child.Key);
            Write(writer, child);
        }
        writer.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter writer, string value)
    {
        if (bool.TryParse(value, out var flag))
        {
            writer.WriteBooleanValue(flag);
        }
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
