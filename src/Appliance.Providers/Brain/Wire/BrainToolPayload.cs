using System.Text.Json;

namespace Appliance.Providers.Brain.Wire;

/// <summary>A tool the brain offers the model: name, description and JSON schema of its arguments.</summary>
internal sealed class BrainToolPayload
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public JsonElement? Parameters { get; init; }
}
