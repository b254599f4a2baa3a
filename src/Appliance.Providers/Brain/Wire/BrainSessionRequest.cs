using System.Text.Json;

namespace Appliance.Providers.Brain.Wire;

/// <summary>Body of <c>POST /session</c>.</summary>
internal sealed class BrainSessionRequest
{
    public required BrainCallPayload Call { get; init; }

    public JsonElement? BrainConfig { get; init; }

    public required string Provider { get; init; }
}
