using System.Text.Json;

namespace Appliance.Providers.Brain.Wire;

/// <summary>Body of the <c>/session</c> response.</summary>
internal sealed class BrainSessionResponse
{
    public string? SystemPrompt { get; init; }

    public List<BrainToolPayload>? Tools { get; init; }

    public string? NodeId { get; init; }

    public JsonElement? CollectedVars { get; init; }

    public string? Say { get; init; }
}
