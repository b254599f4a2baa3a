namespace Appliance.Calls;

/// <summary>An outbound call for an agent: where to send it, which agent talks, and what the agent is told.</summary>
public sealed record OutboundCallRequest
{
    public required DialTarget Target { get; init; }

    /// <summary>The agent (and its turn-taking, recording and trunk) that runs the call once answered.</summary>
    public required CallRoute Route { get; init; }

    /// <summary>The number or URI as the client gave it, for the call's status and the agent.</summary>
    public required string To { get; init; }

    /// <summary>Free-form values handed to the agent (and the remote brain).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
}
