using System.Text.Json;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Brain;

/// <summary>How a call's conversation starts: the first node's instructions and tools.</summary>
public sealed record BrainSession
{
    /// <summary>Instructions for the model.</summary>
    public required string SystemPrompt { get; init; }

    /// <summary>Functions offered to the model (built-ins such as <c>end_call</c> are added by the agent).</summary>
    public required IReadOnlyList<RealtimeToolOptions> Tools { get; init; }

    /// <summary>The brain's node the conversation is on.</summary>
    public required string NodeId { get; init; }

    /// <summary>Variables the brain collected so far (a JSON object).</summary>
    public required JsonElement CollectedVariables { get; init; }

    /// <summary>Text to speak first (e.g. a greeting); null lets the model open.</summary>
    public string? Say { get; init; }

    /// <summary>True when <c>/session</c> failed and this is the configured fallback (fallback prompt, no tools).</summary>
    public bool IsFallback { get; init; }
}
