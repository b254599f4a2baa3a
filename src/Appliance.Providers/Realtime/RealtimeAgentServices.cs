using Appliance.Pipeline.Agents;

namespace Appliance.Providers.Realtime;

/// <summary>What the host shares with every realtime agent it creates.</summary>
public sealed class RealtimeAgentServices
{
    /// <summary>Token, drop, reconnect and latency metrics; null records nothing.</summary>
    public ProviderMetrics? Metrics { get; init; }

    /// <summary>Runs the configured tools; null answers every non-built-in tool call with an error.</summary>
    public IToolHandler? ToolHandler { get; init; }

    /// <summary>Gives a call's transfer control (built-in <c>transfer_call</c>); null (or a null result) leaves the tool out.</summary>
    public Func<AgentContext, ICallControl?>? CallControl { get; init; }

    /// <summary>Tells how much bot audio the caller heard; defaults to the call port's playout counter.</summary>
    public Func<AgentContext, IPlayedAudioClock>? PlayedAudioClock { get; init; }
}
