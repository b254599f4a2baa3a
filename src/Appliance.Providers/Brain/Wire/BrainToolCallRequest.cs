using System.Text.Json;

namespace Appliance.Providers.Brain.Wire;

/// <summary>Body of <c>POST /tool-call</c>.</summary>
internal sealed class BrainToolCallRequest
{
    public required string CallId { get; init; }

    public required string NodeId { get; init; }

    public required BrainToolInvocation Tool { get; init; }

    public required JsonElement CollectedVars { get; init; }
}
