using Appliance.Pipeline.Agents;
using Appliance.Providers.Brain;

namespace Appliance.Providers.Realtime;

/// <summary>What the host shares with every realtime agent it creates.</summary>
public sealed class RealtimeAgentServices
{
    /// <summary>Token, drop, reconnect and latency metrics; null records nothing.</summary>
    public ProviderMetrics? Metrics { get; init; }

    /// <summary>Runs the configured tools; null answers every non-built-in tool call with an error. Unused when <see cref="Brain"/> is set.</summary>
    public IToolHandler? ToolHandler { get; init; }

    /// <summary>Tells how much bot audio the caller heard; defaults to the call port's playout counter.</summary>
    public Func<AgentContext, IPlayedAudioClock>? PlayedAudioClock { get; init; }

    /// <summary>
    /// The remote brain that runs this agent's conversation; null uses the configured instructions, tools and greeting.
    /// When set, each call opens a <see cref="BrainConversation"/> from <see cref="AgentContext.Call"/>: its system prompt
    /// and tools replace the configured <see cref="RealtimeAgentOptions.Instructions"/> and <see cref="RealtimeAgentOptions.Tools"/>,
    /// its <c>say</c> (when given) opens the call instead of <see cref="RealtimeAgentOptions.Greeting"/>, the brain decides
    /// every non-built-in tool call, and the call's lifecycle events (started, DTMF, ended with
    /// <see cref="AgentContext.Ended"/>'s outcome and the call's usage) are posted to it. The host owns (and disposes)
    /// the client; one serves every call of every agent that uses that brain.
    /// </summary>
    public RemoteBrainClient? Brain { get; init; }
}
