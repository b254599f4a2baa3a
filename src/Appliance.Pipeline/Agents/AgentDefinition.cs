using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Agents;

/// <summary>A named agent: how to make its processors for one call.</summary>
/// <param name="Name">The name calls select it by (case-insensitive).</param>
/// <param name="UsesTurnTaking">True to put VAD turn-taking (user speaking frames, interruptions) in front of it.</param>
/// <param name="Create">Makes the agent's processors, in pipeline order, for one call.</param>
public sealed record AgentDefinition(string Name, bool UsesTurnTaking, Func<AgentContext, IReadOnlyList<FrameProcessor>> Create)
{
    /// <summary>
    /// Run this agent's pipeline at the call codec's own clock rate (8 kHz for G.711, 16 kHz for G.722) instead of the
    /// default rate, so audio reaches the agent without resampling (realtime models take G.711 as is).
    /// </summary>
    public bool RunsAtCodecRate { get; init; }
}
