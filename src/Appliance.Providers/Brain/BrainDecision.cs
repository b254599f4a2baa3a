using System.Text.Json;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Brain;

/// <summary>The brain's answer to one tool call: what the model is told and what the call does next.</summary>
public sealed record BrainDecision
{
    /// <summary>Stay, transition, end or transfer.</summary>
    public required BrainAction Action { get; init; }

    /// <summary>The node the conversation is on after this decision.</summary>
    public required string NodeId { get; init; }

    /// <summary>Variables collected so far (a JSON object).</summary>
    public required JsonElement CollectedVariables { get; init; }

    /// <summary>JSON text returned to the model as the function's output; always valid JSON.</summary>
    public required string ResultJson { get; init; }

    /// <summary>New instructions for a session update; null keeps the current ones.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>New tool set for a session update; null keeps the current tools.</summary>
    public IReadOnlyList<RealtimeToolOptions>? Tools { get; init; }

    /// <summary>Text the agent should speak; null says nothing extra.</summary>
    public string? Say { get; init; }

    /// <summary>The brain's flow is complete.</summary>
    public bool Finished { get; init; }

    /// <summary>Transfer target (SIP URI or E.164) when <see cref="Action"/> is <see cref="BrainAction.Transfer"/>.</summary>
    public string? TransferTo { get; init; }

    /// <summary>DTMF digits (0-9, *, #, A-D) to send on the call; null sends none.</summary>
    public string? Dtmf { get; init; }

    /// <summary>True when the brain could not be reached or answered badly: the model gets an error result and the node stays.</summary>
    public bool IsFailSafe { get; init; }
}
