namespace Appliance.Providers.Brain.Wire;

/// <summary>The <c>call</c> object of a <c>/session</c> request.</summary>
internal sealed class BrainCallPayload
{
    public required string Id { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    /// <summary>"inbound" or "outbound".</summary>
    public required string Direction { get; init; }

    public string? Trunk { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public required IReadOnlyDictionary<string, string> Variables { get; init; }

    public static BrainCallPayload Create(BrainCall call) => new()
    {
        Id = call.CallId,
        From = call.From,
        To = call.To,
        Direction = call.Direction == BrainCallDirection.Outbound ? "outbound" : "inbound",
        Trunk = call.Trunk,
        Headers = call.Headers,
        Variables = call.Variables,
    };
}
