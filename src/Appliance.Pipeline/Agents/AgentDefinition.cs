using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Agents;

/// <summary>A named agent: how to make its processors for one call.</summary>
/// <param name="Name">The name calls select it by (case-insensitive).</param>
/// <param name="UsesTurnTaking">True to put VAD turn-taking (user speaking frames, interruptions) in front of it.</param>
/// <param name="Create">Makes the agent's processors, in pipeline order, for one call.</param>
public sealed record AgentDefinition(string Name, bool UsesTurnTaking, Func<AgentContext, IReadOnlyList<FrameProcessor>> Create);
