using System.Text.Json;

namespace Appliance.Providers.Brain.Wire;

/// <summary>Body of the <c>/tool-call</c> response.</summary>
internal sealed class BrainToolCallResponse
{
    public string? Action { get; init; }

    public string? SystemPrompt { get; init; }

    public List<BrainToolPayload>? Tools { get; init; }

    public string? Say { get; init; }

    public string? NodeId { get; init; }

    public JsonElement? CollectedVars { get; init; }

    public bool Finished { get; init; }

    public JsonElement? Result { get; init; }

    public string? TransferTo { get; init; }

    public string? Dtmf { get; init; }
}
