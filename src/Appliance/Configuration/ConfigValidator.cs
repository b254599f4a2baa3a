using System.Net;
using Microsoft.Extensions.Logging;

namespace Appliance.Configuration;

/// <summary>Semantic checks on a bound configuration. Adds every problem it finds; never stops at the first.</summary>
internal static class ConfigValidator
{
    private static readonly string[] Transports = ["udp", "tcp"];
    private static readonly string[] KnownCodecs = ["PCMU", "PCMA", "G722"];
    private static readonly string[] LogFormats = ["text", "json"];
    private static readonly string[] AgentTypes = ["echo", "parrot", "realtime"];
    private static readonly string[] RealtimeProviders = ["openai", "azure-openai", "gemini"];
    private static readonly string[] RealtimeAudioFormats = ["auto", "pcm16", "pcmu", "pcma"];
    private static readonly string[] TurnDetectionModes = ["server_vad", "semantic_vad"];
    private static readonly string[] Eagerness = ["low", "medium", "high", "auto"];
    private static readonly string[] BuiltInTools = ["end_call", "transfer_call"];

    public static void Validate(ApplianceConfig config, List<ConfigError> errors)
    {
        ValidateSip(config.Sip, errors);
        ValidateMedia(config.Media, errors);
        ValidateAdmin(config.Admin, errors);
        ValidateLog(config.Log, errors);
        if (config.Shutdown.DrainTimeoutSeconds is < 0 or > 3600)
        {
            errors.Add(new ConfigError("shutdown:drainTimeoutSeconds", $"{config.Shutdown.DrainTimeoutSeconds} must be between 0 and 3600"));
        }
        foreach (var (name, agent) in config.Agents)
        {
            if (!AgentTypes.Contains(agent.Type, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new ConfigError($"agents:{name}:type", $"'{agent.Type}' is not a known agent type (known: {string.Join(", ", AgentTypes)})"));
            }
            CheckRange(agent.AnswerDelayMs, 0, 60_000, $"agents:{name}:answerDelayMs", errors);
            CheckRange(agent.MinInterruptionMs, 0, 10_000, $"agents:{name}:minInterruptionMs", errors);
            CheckRange(agent.Vad.Confidence, 0, 1, $"agents:{name}:vad:confidence", errors);
            CheckRange(agent.Vad.StartSeconds, 0, 5, $"agents:{name}:vad:startSeconds", errors);
            CheckRange(agent.Vad.StopSeconds, 0, 10, $"agents:{name}:vad:stopSeconds", errors);
            CheckRange(agent.Vad.MinVolumeDbfs, -120, 0, $"agents:{name}:vad:minVolumeDbfs", errors);
            CheckRange(agent.Recording.MinFreeMb, 0, 1_000_000, $"agents:{name}:recording:minFreeMb", errors);
            if (agent.Recording.Enabled && !Path.IsPathRooted(agent.Recording.Directory))
            {
                errors.Add(new ConfigError($"agents:{name}:recording:directory", $"'{agent.Recording.Directory}' must be an absolute path"));
            }
            if (agent.Type.Equals("realtime", StringComparison.OrdinalIgnoreCase))
            {
                ValidateRealtime($"agents:{name}:realtime", agent.Realtime, errors);
            }
            if (agent.Brain is { } brain)
            {
                if (!agent.Type.Equals("realtime", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(new ConfigError($"agents:{name}:brain", $"only realtime agents take a brain ('{name}' is {agent.Type})"));
                }
                else if (!config.Brains.ContainsKey(brain))
                {
                    errors.Add(new ConfigError($"agents:{name}:brain", $"'{brain}' is not one of the configured brains ({string.Join(", ", config.Brains.Keys)})"));
                }
            }
        }
        foreach (var (name, brain) in config.Brains)
        {
            if (!Uri.TryCreate(brain.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                errors.Add(new ConfigError($"brains:{name}:url", $"'{brain.Url}' is not an http:// or https:// URL"));
            }
            CheckRange(brain.TimeoutMs, 100, 60_000, $"brains:{name}:timeoutMs", errors);
            CheckRange(brain.EventRetries, 0, 10, $"brains:{name}:eventRetries", errors);
            if (brain.ConfigJson is { } json && !json.StartsWith('{'))
            {
                errors.Add(new ConfigError($"brains:{name}:config", "must be a JSON object"));
            }
        }
        foreach (var (name, trunk) in config.Trunks)
        {
            ValidateTrunk(name, trunk, config.Agents, errors);
            if (trunk.Registrar is not null && !config.Sip.Listen.Exists(l => l.Transport.Equals(trunk.Transport, StringComparison.OrdinalIgnoreCase)))
            {
                // The registration's Contact is a listener of the trunk's transport.
                errors.Add(new ConfigError($"trunks:{name}:transport", $"registers over {trunk.Transport} but no sip:listen entry uses {trunk.Transport}"));
            }
        }
        if (!config.Agents.ContainsKey(config.DefaultAgent))
        {
            errors.Add(new ConfigError("defaultAgent", $"'{config.DefaultAgent}' is not one of the configured agents ({string.Join(", ", config.Agents.Keys)})"));
        }
    }

    private static void ValidateRealtime(string path, RealtimeConfig realtime, List<ConfigError> errors)
    {
        var provider = realtime.Provider.ToLowerInvariant();
        CheckOneOf(realtime.Provider, RealtimeProviders, $"{path}:provider", errors);
        CheckOneOf(realtime.AudioFormat, RealtimeAudioFormats, $"{path}:audioFormat", errors);
        CheckOneOf(realtime.Protocol, ["ga", "beta"], $"{path}:protocol", errors);
        CheckOneOf(realtime.TurnDetection.Mode, TurnDetectionModes, $"{path}:turnDetection:mode", errors);
        if (realtime.TurnDetection.Eagerness is { } eagerness)
        {
            CheckOneOf(eagerness, Eagerness, $"{path}:turnDetection:eagerness", errors);
        }
        if (realtime.TurnDetection.Threshold is { } threshold)
        {
            CheckRange(threshold, 0, 1, $"{path}:turnDetection:threshold", errors);
        }
        CheckRange(realtime.TurnDetection.PrefixPaddingMs ?? 0, 0, 10_000, $"{path}:turnDetection:prefixPaddingMs", errors);
        CheckRange(realtime.TurnDetection.SilenceDurationMs ?? 0, 0, 10_000, $"{path}:turnDetection:silenceDurationMs", errors);
        CheckRange(realtime.BatchMs, 20, 100, $"{path}:batchMs", errors);
        CheckRange(realtime.ConnectTimeoutMs, 100, 120_000, $"{path}:connectTimeoutMs", errors);
        CheckRange(realtime.SetupTimeoutMs, 100, 120_000, $"{path}:setupTimeoutMs", errors);
        Uri? endpoint = null;
        if (realtime.Endpoint is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("ws" or "wss" or "http" or "https")))
        {
            errors.Add(new ConfigError($"{path}:endpoint", $"'{text}' is not a ws://, wss://, http:// or https:// URL"));
        }
        if (provider == "azure-openai")
        {
            if (endpoint is null)
            {
                errors.Add(new ConfigError($"{path}:endpoint", "is required for Azure OpenAI (https://{resource}.openai.azure.com)"));
            }
            if (realtime.Model is null)
            {
                errors.Add(new ConfigError($"{path}:model", "is required for Azure OpenAI (the deployment name)"));
            }
        }
        // A real provider needs a key; an endpoint override (a proxy that adds it, a test server) may not.
        if (!realtime.ApiKey.IsSet && realtime.Endpoint is null)
        {
            errors.Add(new ConfigError($"{path}:apiKey", "is required; give it as {\"env\": NAME} or {\"file\": PATH}"));
        }
        if (realtime.FailurePrompt is { } prompt && Telephony.WavPrompt.Read(prompt).Error is { } wavError)
        {
            errors.Add(new ConfigError($"{path}:failurePrompt", wavError));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < realtime.Tools.Count; i++)
        {
            var tool = realtime.Tools[i];
            if (!IsToolName(tool.Name))
            {
                errors.Add(new ConfigError($"{path}:tools:{i}:name", $"'{tool.Name}' must be 1–64 letters, digits, '_' or '-'"));
            }
            else if (BuiltInTools.Contains(tool.Name) || !names.Add(tool.Name))
            {
                errors.Add(new ConfigError($"{path}:tools:{i}:name", $"'{tool.Name}' is already a tool (built-in or listed earlier)"));
            }
        }
    }

    private static bool IsToolName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static void CheckOneOf(string value, string[] allowed, string path, List<ConfigError> errors)
    {
        if (!allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new ConfigError(path, $"'{value}' must be one of {string.Join(", ", allowed)}"));
        }
    }

    private static void ValidateSip(SipConfig sip, List<ConfigError> errors)
    {
        var seen = new HashSet<(string, string, int)>();
        for (var i = 0; i < sip.Listen.Count; i++)
        {
            var listen = sip.Listen[i];
            var path = $"sip:listen:{i}";
            if (!Transports.Contains(listen.Transport, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new ConfigError($"{path}:transport", $"'{listen.Transport}' is not a supported transport (udp, tcp)"));
            }
            if (!IPAddress.TryParse(listen.Address, out _))
            {
                errors.Add(new ConfigError($"{path}:address", $"'{listen.Address}' is not an IP address"));
            }
            CheckPort(listen.Port, $"{path}:port", errors);
            if (!seen.Add((listen.Transport.ToUpperInvariant(), listen.Address, listen.Port)))
            {
                errors.Add(new ConfigError(path, $"duplicates an earlier {listen.Transport} listener on {listen.Address}:{listen.Port}"));
            }
        }
        CheckNetworks(sip.AllowedNetworks, "sip:allowedNetworks", errors);
        if (sip.AdvertisedAddress is { } advertised && Uri.CheckHostName(advertised) == UriHostNameType.Unknown)
        {
            errors.Add(new ConfigError("sip:advertisedAddress", $"'{advertised}' is not a host name or IP address"));
        }
        CheckRange(sip.MaxConcurrentCalls, 1, 1_000_000, "sip:maxConcurrentCalls", errors);
        CheckRange(sip.T1Ms, 1, 60_000, "sip:t1Ms", errors);
        CheckRange(sip.T2Ms, sip.T1Ms, 600_000, "sip:t2Ms", errors);
        CheckRange(sip.T4Ms, 1, 600_000, "sip:t4Ms", errors);
        CheckRange(sip.TcpIdleTimeoutSeconds, 1, 86_400, "sip:tcpIdleTimeoutSeconds", errors);
        CheckRange(sip.MaxMessageBytes, 1024, 65_535, "sip:maxMessageBytes", errors);
        if (string.IsNullOrWhiteSpace(sip.UserAgent))
        {
            errors.Add(new ConfigError("sip:userAgent", "must not be empty"));
        }
    }

    private static void ValidateTrunk(string name, TrunkConfig trunk, Dictionary<string, AgentConfig> agents, List<ConfigError> errors)
    {
        var path = $"trunks:{name}";
        CheckSipUri(trunk.Registrar, $"{path}:registrar", errors);
        CheckSipUri(trunk.SecondaryRegistrar, $"{path}:secondaryRegistrar", errors);
        CheckSipUri(trunk.Proxy, $"{path}:proxy", errors);
        CheckSipUri(trunk.OutboundProxy, $"{path}:outboundProxy", errors);
        if (trunk.Registrar is null && trunk.Proxy is null && trunk.SourceAddresses.Count == 0)
        {
            errors.Add(new ConfigError(path, "needs a registrar, a proxy or sourceAddresses: nothing identifies this trunk"));
        }
        if (!Transports.Contains(trunk.Transport, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new ConfigError($"{path}:transport", $"'{trunk.Transport}' is not a supported transport (udp, tcp)"));
        }
        if (trunk.Registrar is not null && string.IsNullOrWhiteSpace(trunk.Username))
        {
            errors.Add(new ConfigError($"{path}:username", "is required to register"));
        }
        if (trunk.Username is not null && !trunk.Password.IsSet)
        {
            errors.Add(new ConfigError($"{path}:password", "is required with a username; give it as {\"env\": NAME} or {\"file\": PATH}"));
        }
        // Short expiries are legal (RFC 3261 leaves the floor to the registrar, which answers 423 Min-Expires).
        CheckRange(trunk.ExpiresSeconds, 5, 86_400, $"{path}:expiresSeconds", errors);
        if (trunk.Keepalive is not ("crlf" or "options" or "none"))
        {
            errors.Add(new ConfigError($"{path}:keepalive", $"'{trunk.Keepalive}' must be crlf, options or none"));
        }
        CheckRange(trunk.KeepaliveSeconds, 5, 3600, $"{path}:keepaliveSeconds", errors);
        CheckNetworks(trunk.SourceAddresses, $"{path}:sourceAddresses", errors);
        foreach (var (did, agent) in trunk.Dids)
        {
            if (!agents.ContainsKey(agent))
            {
                errors.Add(new ConfigError($"{path}:dids:{did}", $"agent '{agent}' is not configured"));
            }
            if (did.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != did.Length - 1)
            {
                errors.Add(new ConfigError($"{path}:dids:{did}", "'*' may only end a pattern"));
            }
        }
    }

    private static void CheckSipUri(string? uri, string path, List<ConfigError> errors)
    {
        if (uri is null)
        {
            return;
        }
        var rest = uri.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? uri[4..]
            : uri.StartsWith("sips:", StringComparison.OrdinalIgnoreCase) ? uri[5..] : null;
        var host = rest?.Split(';')[0];
        if (host is null || host.Length == 0 || host.Contains('@', StringComparison.Ordinal) && host.EndsWith('@'))
        {
            errors.Add(new ConfigError(path, $"'{uri}' is not a SIP URI (sip:host[:port])"));
        }
    }

    private static void CheckNetworks(List<string> networks, string path, List<ConfigError> errors)
    {
        for (var i = 0; i < networks.Count; i++)
        {
            if (!IPNetwork.TryParse(networks[i], out _) && !IPAddress.TryParse(networks[i], out _))
            {
                errors.Add(new ConfigError($"{path}:{i}", $"'{networks[i]}' is not an address or CIDR network (e.g. 192.0.2.0/24)"));
            }
        }
    }

    private static void ValidateMedia(MediaConfig media, List<ConfigError> errors)
    {
        CheckPort(media.RtpPortMin, "media:rtpPortMin", errors);
        CheckPort(media.RtpPortMax, "media:rtpPortMax", errors);
        if (media.RtpPortMin % 2 != 0)
        {
            errors.Add(new ConfigError("media:rtpPortMin", $"{media.RtpPortMin} must be even (RTP uses even ports, RTCP the odd one above)"));
        }
        if (media.RtpPortMax <= media.RtpPortMin)
        {
            errors.Add(new ConfigError("media:rtpPortMax", $"{media.RtpPortMax} must be above rtpPortMin ({media.RtpPortMin})"));
        }
        for (var i = 0; i < media.Codecs.Count; i++)
        {
            if (!KnownCodecs.Contains(media.Codecs[i], StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new ConfigError($"media:codecs:{i}", $"'{media.Codecs[i]}' is not a supported codec ({string.Join(", ", KnownCodecs)})"));
            }
        }
        if (media.PtimeMs is not (10 or 20 or 30 or 40 or 60))
        {
            errors.Add(new ConfigError("media:ptimeMs", $"{media.PtimeMs} must be 10, 20, 30, 40 or 60"));
        }
        CheckRange(media.MediaTimeoutSeconds, 0, 3600, "media:mediaTimeoutSeconds", errors);
        CheckRange(media.JitterMinMs, 0, 1000, "media:jitterMinMs", errors);
        CheckRange(media.JitterMaxMs, media.JitterMinMs, 2000, "media:jitterMaxMs", errors);
    }

    private static void ValidateAdmin(AdminConfig admin, List<ConfigError> errors)
    {
        if (!AdminEndpointParser.TryParse(admin.Listen, out var endpoint))
        {
            errors.Add(new ConfigError("admin:listen", $"'{admin.Listen}' is not host:port with an IP address (e.g. 127.0.0.1:9560 or [::1]:9560)"));
        }
        else if (!IPAddress.IsLoopback(endpoint.Address) && !admin.Token.IsSet)
        {
            // The call API places calls at the operator's expense: never open it to the network unauthenticated.
            errors.Add(new ConfigError("admin:token", $"is required when admin:listen ({admin.Listen}) is not a loopback address; give it as {{\"env\": NAME}} or {{\"file\": PATH}}"));
        }
    }

    private static void ValidateLog(LogConfig log, List<ConfigError> errors)
    {
        if (!LogFormats.Contains(log.Format, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new ConfigError("log:format", $"'{log.Format}' must be text or json"));
        }
        foreach (var (category, level) in log.Levels)
        {
            if (!Enum.TryParse<LogLevel>(level, ignoreCase: true, out _))
            {
                errors.Add(new ConfigError($"log:levels:{category}", $"'{level}' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None)"));
            }
        }
    }

    private static void CheckPort(int port, string path, List<ConfigError> errors) => CheckRange(port, 1, 65535, path, errors);

    private static void CheckRange(double value, double min, double max, string path, List<ConfigError> errors)
    {
        if (value < min || value > max)
        {
            errors.Add(new ConfigError(path, $"{value} is out of range ({min} to {max})"));
        }
    }
}
