using System.Text.Json;

namespace Appliance.Configuration;

/// <summary>
/// The set of option paths the configuration model knows, with the kind of value each takes.
/// Derived from the model itself (serialized through the source-generated context), so a new
/// option needs no second declaration here. Lets the loader report every unknown or mistyped
/// option at once, which the binder cannot: it stops at the first.
/// </summary>
internal sealed class ConfigSchema
{
    /// <summary>Sections whose keys are names chosen by the operator (agent names, log categories).</summary>
    private static readonly string[] DictionarySections = ["agents", "brains", "log:levels", "trunks", "trunks:*:dids"];

    /// <summary>Sections that hold arbitrary JSON passed on as written (a tool's argument schema, a brain's config).</summary>
    private static readonly string[] FreeFormSections = ["agents:*:realtime:tools:*:parameters", "brains:*:config"];

    private readonly Dictionary<string, JsonValueKind> _leaves = new(StringComparer.OrdinalIgnoreCase);

    public static ConfigSchema Instance { get; } = new();

    private ConfigSchema()
    {
        var exemplar = new ApplianceConfig();
        exemplar.Sip.Listen.Add(new SipListenConfig());
        exemplar.Media.Codecs.Add("PCMU");
        exemplar.Agents.Clear();
        var agent = new AgentConfig();
        agent.Realtime.Tools.Add(new RealtimeToolConfig());
        agent.Realtime.TransferTargets.Add("sip:front-desk@pbx.example");
        agent.Realtime.TurnDetection = new RealtimeTurnDetectionConfig { Threshold = 0.5, PrefixPaddingMs = 300, SilenceDurationMs = 500 };
        exemplar.Agents["*"] = agent;
        exemplar.Brains["*"] = new BrainConfig();
        exemplar.Log.Levels.Clear();
        exemplar.Log.Levels["*"] = "Information";
        exemplar.Sip.AllowedNetworks.Add("127.0.0.0/8");
        var trunk = new TrunkConfig();
        trunk.SourceAddresses.Add("192.0.2.0/24");
        trunk.Dids["*"] = "echo";
        exemplar.Trunks["*"] = trunk;
        using var doc = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(exemplar, ConfigJsonContext.Default.ApplianceConfig));
        Collect(doc.RootElement, "");
    }

    /// <summary>The expected kind of a leaf's value, or null when the path is not an option.</summary>
    public JsonValueKind? KindOf(string configKey) =>
        _leaves.TryGetValue(Normalize(configKey), out var kind) ? kind : null;

    /// <summary>The free-form section <paramref name="configKey"/> lies in (its path as the operator spelled it), or null.</summary>
    public static string? FreeFormSectionOf(string configKey)
    {
        var segments = configKey.Split(':');
        foreach (var section in FreeFormSections)
        {
            var depth = section.Count(c => c == ':') + 1;
            if (segments.Length > depth && Normalize(string.Join(':', segments, 0, depth)).Equals(section, StringComparison.OrdinalIgnoreCase))
            {
                return string.Join(':', segments, 0, depth);
            }
        }
        return null;
    }

    /// <summary>Whether the path is a section (has options below it) rather than a leaf.</summary>
    public bool IsSection(string configKey)
    {
        var prefix = Normalize(configKey) + ":";
        foreach (var leaf in _leaves.Keys)
        {
            if (leaf.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private void Collect(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, path.Length == 0 ? property.Name : $"{path}:{property.Name}");
                }
                break;
            case JsonValueKind.Array:
                Collect(element[0], $"{path}:*");
                break;
            default:
                _leaves[path] = element.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : element.ValueKind == JsonValueKind.Null ? JsonValueKind.String : element.ValueKind;
                break;
        }
    }

    /// <summary>Replaces list indices and operator-chosen dictionary keys with "*".</summary>
    private static string Normalize(string configKey)
    {
        var segments = configKey.Split(':');
        for (var i = 0; i < segments.Length; i++)
        {
            var prefix = string.Join(':', segments, 0, i);
            if (Array.Exists(DictionarySections, d => d.Equals(prefix, StringComparison.OrdinalIgnoreCase)) || int.TryParse(segments[i], out _))
            {
                segments[i] = "*";
            }
        }
        return string.Join(':', segments);
    }
}
