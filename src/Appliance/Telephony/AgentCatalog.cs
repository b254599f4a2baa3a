using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Appliance.Configuration;
using Appliance.Pipeline.Agents;
using Appliance.Providers.Brain;
using Appliance.Providers.Realtime;

namespace Appliance.Telephony;

/// <summary>
/// The configured agents by name, each made into the definition calls are routed to; owns the brains' clients
/// (one per configured brain, shared by the agents that use it, so connections are reused across calls).
/// </summary>
internal sealed class AgentCatalog : IAsyncDisposable
{
    private readonly Dictionary<string, AgentDefinition> _agents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, RemoteBrainClient> _brains = new(StringComparer.OrdinalIgnoreCase);

    public AgentCatalog(ApplianceConfig config, ResolvedSecrets secrets, ProviderMetrics providerMetrics, BrainMetrics brainMetrics, ILoggerFactory loggers, TimeProvider time)
    {
        foreach (var (name, brain) in config.Brains)
        {
            _brains[name] = new RemoteBrainClient(BrainOptions(brain, secrets.BrainTokens.GetValueOrDefault(name), secrets.BrainSigningSecrets.GetValueOrDefault(name)), loggers.CreateLogger("Appliance.Brain"), brainMetrics, time);
        }
        var builtIns = AgentRegistry.CreateDefault();
        foreach (var (name, agent) in config.Agents)
        {
            if (agent.Type.Equals("realtime", StringComparison.OrdinalIgnoreCase))
            {
                var services = new RealtimeAgentServices { Metrics = providerMetrics, Brain = agent.Brain is { } brain ? _brains[brain] : null };
                _agents[name] = RealtimeAgentFactory.CreateDefinition(name, RealtimeOptions(agent.Realtime, secrets.AgentApiKeys.GetValueOrDefault(name)), services);
            }
            else if (builtIns.TryGet(agent.Type, out var definition))
            {
                _agents[name] = definition with { Name = name };
            }
        }
    }

    public bool TryGet(string name, [NotNullWhen(true)] out AgentDefinition? agent) => _agents.TryGetValue(name, out agent);

    /// <summary>Delivers the brains' queued events (calls' "ended" summaries) before the process exits.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var brain in _brains.Values)
        {
            await brain.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static RemoteBrainOptions BrainOptions(BrainConfig brain, string? token, string? signingSecret)
    {
        JsonElement? brainConfig = null;
        if (brain.ConfigJson is { } json)
        {
            using var document = JsonDocument.Parse(json);
            brainConfig = document.RootElement.Clone();
        }
        var options = new RemoteBrainOptions
        {
            BaseUrl = new Uri(brain.Url),
            Token = token,
            SigningSecret = signingSecret,
            Timeout = TimeSpan.FromMilliseconds(brain.TimeoutMs),
            EventRetries = brain.EventRetries,
            BrainConfig = brainConfig,
        };
        return options with
        {
            FallbackSystemPrompt = brain.FallbackSystemPrompt ?? options.FallbackSystemPrompt,
            FailureMessage = brain.FailureMessage ?? options.FailureMessage,
        };
    }

    private static RealtimeAgentOptions RealtimeOptions(RealtimeConfig realtime, string? apiKey)
    {
        var provider = realtime.Provider.ToLowerInvariant();
        var prompt = realtime.FailurePrompt is { } path ? WavPrompt.Read(path) : default;
        return new RealtimeAgentOptions
        {
            Provider = provider,
            Model = realtime.Model ?? (provider == RealtimeAgentOptions.Gemini ? DefaultGeminiModel : DefaultOpenAiModel),
            Voice = realtime.Voice,
            Instructions = realtime.Instructions,
            Greeting = realtime.Greeting,
            Endpoint = realtime.Endpoint is { } endpoint ? new Uri(endpoint) : null,
            ApiKey = apiKey,
            AudioFormat = realtime.AudioFormat.ToLowerInvariant() switch
            {
                "pcmu" => RealtimeAudioFormat.Pcmu,
                "pcma" => RealtimeAudioFormat.Pcma,
                "pcm16" => RealtimeAudioFormat.Pcm16,
                _ => RealtimeAudioFormat.Auto,
            },
            UseBetaProtocol = realtime.Protocol.Equals("beta", StringComparison.OrdinalIgnoreCase),
            AzureApiVersion = realtime.AzureApiVersion,
            TurnDetection = new TurnDetectionOptions
            {
                Mode = realtime.TurnDetection.Mode.Equals("semantic_vad", StringComparison.OrdinalIgnoreCase) ? TurnDetectionMode.SemanticVad : TurnDetectionMode.ServerVad,
                Threshold = realtime.TurnDetection.Threshold,
                PrefixPaddingMs = realtime.TurnDetection.PrefixPaddingMs,
                SilenceDurationMs = realtime.TurnDetection.SilenceDurationMs,
                Eagerness = realtime.TurnDetection.Eagerness?.ToLowerInvariant(),
            },
            BatchMilliseconds = realtime.BatchMs,
            TranscribeInput = realtime.TranscribeInput,
            DtmfAsText = realtime.DtmfAsText,
            ConnectTimeout = TimeSpan.FromMilliseconds(realtime.ConnectTimeoutMs),
            SetupTimeout = TimeSpan.FromMilliseconds(realtime.SetupTimeoutMs),
            FailurePrompt = prompt.Samples,
            FailurePromptSampleRate = prompt.SampleRate is > 0 and var rate ? rate : 8000,
            EnableEndCall = realtime.EndCallTool,
            EnableTransfer = realtime.TransferTool && realtime.TransferTargets.Count > 0,
            TransferTargets = realtime.TransferTargets,
            Tools = realtime.Tools.ConvertAll(tool => new RealtimeToolOptions { Name = tool.Name, Description = tool.Description, Parameters = tool.ParametersJson }),
        };
    }

    private const string DefaultOpenAiModel = "gpt-realtime";
    private const string DefaultGeminiModel = "gemini-live-2.5-flash-preview";
}
