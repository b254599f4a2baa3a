using Appliance.Configuration;
using Appliance.Pipeline.Agents;

namespace Appliance.Telephony;

/// <summary>The configured agents by name, each made into the definition calls are routed to.</summary>
internal sealed class AgentCatalog
{
    private readonly Dictionary<string, AgentDefinition> _agents = new(StringComparer.OrdinalIgnoreCase);

    public AgentCatalog(ApplianceConfig config)
    {
        var builtIns = AgentRegistry.CreateDefault();
        foreach (var (name, agent) in config.Agents)
        {
            if (builtIns.TryGet(agent.Type, out var definition))
            {
                _agents[name] = definition with { Name = name };
            }
        }
    }

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AgentDefinition? agent) => _agents.TryGetValue(name, out agent);
}
