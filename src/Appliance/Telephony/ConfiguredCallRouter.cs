using System.Diagnostics.Metrics;
using System.Net;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Recording;
using Appliance.Pipeline.Turns;
using Appliance.Pipeline.Vad;

namespace Appliance.Telephony;

/// <summary>
/// Routes INVITEs by the configuration: the source must be a configured trunk or an allowed
/// network (403 otherwise, so the appliance is never an open door), the dialled number picks the
/// trunk's agent (404 for a DID no route serves), and everything else goes to the default agent.
/// With no trunks and no allowed networks configured (the embedded default), any source may call.
/// </summary>
internal sealed class ConfiguredCallRouter : ICallRouter
{
    private readonly ApplianceConfig _config;
    private readonly AgentCatalog _agents;
    private readonly TrunkAddresses _trunks;
    private readonly List<IPNetwork> _allowed = [];

    private readonly Histogram<double> _vadInferenceTime;

    public ConfiguredCallRouter(ApplianceConfig config, AgentCatalog agents, TrunkAddresses trunks, Meter meter)
    {
        _config = config;
        _agents = agents;
        _trunks = trunks;
        _vadInferenceTime = meter.CreateHistogram<double>("appliance.vad.inference_time", unit: "s", description: "Silero VAD time per 20 ms frame that ran the model (a 32 ms chunk).");
        _allowed.AddRange(config.Sip.AllowedNetworks.Select(TrunkAddresses.ParseNetwork));
    }

    public CallRoute Route(IncomingCallInfo call)
    {
        var source = call.Source.Address.IsIPv4MappedToIPv6 ? call.Source.Address.MapToIPv4() : call.Source.Address;
        var trunk = _trunks.TrunkOf(source);
        if (trunk is null && (_trunks.Any || _allowed.Count > 0) && !_allowed.Exists(n => n.Contains(source)))
        {
            return CallRoute.Reject(403, "Forbidden (source is not a configured trunk or allowed network)");
        }

        var agentName = _config.DefaultAgent;
        if (trunk is not null && _config.Trunks[trunk].Dids is { Count: > 0 } dids)
        {
            var dialled = call.RequestUser.Length > 0 ? call.RequestUser : call.ToUser;
            if (MatchDid(dids, dialled) is not { } matched)
            {
                return CallRoute.Reject(404, "Not Found (no route for this number)");
            }
            agentName = matched;
        }
        return ToAgent(agentName, trunk);
    }

    /// <summary>The route to a configured agent, with its turn-taking and recording settings (calls we place use it too); a 500 refusal when the agent is not available.</summary>
    public CallRoute ToAgent(string agentName, string? trunk)
    {
        if (!_agents.TryGet(agentName, out var agent))
        {
            return CallRoute.Reject(500, $"Server Internal Error (agent '{agentName}' is not available)");
        }
        var settings = _config.Agents[agentName];
        return CallRoute.ToAgent(
            agent,
            TimeSpan.FromMilliseconds(settings.AnswerDelayMs),
            trunk,
            agent.UsesTurnTaking ? () => new SileroVoiceActivityDetector(SileroModel.Embedded, PipelineSampleRate, VadParameters(settings.Vad), _vadInferenceTime) : null,
            new TurnTakingOptions { MinInterruptionDuration = TimeSpan.FromMilliseconds(settings.MinInterruptionMs) },
            settings.Recording.Enabled ? new RecordingOptions { Directory = settings.Recording.Directory, MinFreeBytes = settings.Recording.MinFreeMb * 1024L * 1024 } : null);
    }

    /// <summary>The rate the pipeline (and so the VAD) runs at.</summary>
    public const int PipelineSampleRate = 16000;

    private static VadParams VadParameters(VadConfig vad) => new()
    {
        Confidence = (float)vad.Confidence,
        StartSeconds = (float)vad.StartSeconds,
        StopSeconds = (float)vad.StopSeconds,
        MinVolumeDbfs = (float)vad.MinVolumeDbfs,
    };

    /// <summary>Exact DID first, then the longest "prefix*" pattern, then "*".</summary>
    internal static string? MatchDid(Dictionary<string, string> dids, string dialled)
    {
        if (dids.TryGetValue(dialled, out var exact))
        {
            return exact;
        }
        string? best = null;
        var bestLength = -1;
        foreach (var (pattern, agent) in dids)
        {
            if (pattern.EndsWith('*') && dialled.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase) && pattern.Length > bestLength)
            {
                best = agent;
                bestLength = pattern.Length;
            }
        }
        return best;
    }

}
