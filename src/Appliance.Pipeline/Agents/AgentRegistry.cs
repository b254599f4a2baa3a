using System.Diagnostics.CodeAnalysis;

namespace Appliance.Pipeline.Agents;

/// <summary>The agents a call can be routed to, by name.</summary>
public sealed class AgentRegistry
{
    private readonly Dictionary<string, AgentDefinition> _agents = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registered names.</summary>
    public IEnumerable<string> Names => _agents.Keys;

    /// <summary>A registry holding the built-in "echo" and "parrot" agents.</summary>
    public static AgentRegistry CreateDefault()
    {
        var registry = new AgentRegistry();
        registry.Add(new AgentDefinition("echo", UsesTurnTaking: false, static _ => [new EchoAgent()]));
        registry.Add(new AgentDefinition("parrot", UsesTurnTaking: true, static _ => [new ParrotAgent()]));
        return registry;
    }

    /// <summary>Adds or replaces an agent.</summary>
    public void Add(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        _agents[agent.Name] = agent;
    }

    /// <summary>Looks an agent up by name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out AgentDefinition? agent) => _agents.TryGetValue(name, out agent);
}
