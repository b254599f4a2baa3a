using Appliance.Pipeline.Agents;
using Appliance.Providers.Realtime.Gemini;
using Appliance.Providers.Realtime.OpenAi;

namespace Appliance.Providers.Realtime;

/// <summary>Makes realtime agents from configuration: the host registers one <see cref="AgentDefinition"/> per configured agent.</summary>
public static class RealtimeAgentFactory
{
    /// <summary>An agent definition for the call router; each call gets its own agent instance and provider session.</summary>
    /// <remarks>
    /// Realtime models detect turns themselves, so no local turn-taking is put in front of them; they run at the call
    /// codec's rate, so G.711 reaches them without resampling.
    /// </remarks>
    /// <exception cref="ArgumentException">The provider name is unknown or a tool schema is not valid JSON.</exception>
    public static AgentDefinition CreateDefinition(string name, RealtimeAgentOptions options, RealtimeAgentServices services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        Validate(options);
        return new AgentDefinition(name, UsesTurnTaking: false, context => [Create(options, services, context)]) { RunsAtCodecRate = true };
    }

    /// <summary>Creates the agent processor for one call.</summary>
    public static RealtimeAgent Create(RealtimeAgentOptions options, RealtimeAgentServices services, AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider.ToLowerInvariant() switch
        {
            RealtimeAgentOptions.OpenAi or RealtimeAgentOptions.AzureOpenAi => new OpenAiRealtimeAgent(options, services, context),
            RealtimeAgentOptions.Gemini => new GeminiLiveAgent(options, services, context),
            _ => throw new ArgumentException($"Unknown realtime provider '{options.Provider}'.", nameof(options)),
        };
    }

    private static void Validate(RealtimeAgentOptions options)
    {
        string provider = options.Provider.ToLowerInvariant();
        if (provider is not (RealtimeAgentOptions.OpenAi or RealtimeAgentOptions.AzureOpenAi or RealtimeAgentOptions.Gemini))
        {
            throw new ArgumentException($"Unknown realtime provider '{options.Provider}'.", nameof(options));
        }

        if (provider == RealtimeAgentOptions.AzureOpenAi && options.Endpoint is null)
        {
            throw new ArgumentException("Azure OpenAI needs Endpoint (https://{resource}.openai.azure.com).", nameof(options));
        }

        if (options.BatchMilliseconds is < 20 or > 100)
        {
            throw new ArgumentException("BatchMilliseconds must be 20–100.", nameof(options));
        }

        // Parses every tool schema once, so a typo fails at startup instead of on the first call.
        _ = ToolDeclaration.Build(options.Tools, options, canTransfer: true);
    }
}
