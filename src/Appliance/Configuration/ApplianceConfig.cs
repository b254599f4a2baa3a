namespace Appliance.Configuration;

/// <summary>The whole of appliance.json. Every default here is the embedded default configuration.</summary>
public sealed class ApplianceConfig
{
    public SipConfig Sip { get; set; } = new();
    public MediaConfig Media { get; set; } = new();
    public AdminConfig Admin { get; set; } = new();
    public LogConfig Log { get; set; } = new();
    public ShutdownConfig Shutdown { get; set; } = new();

    /// <summary>Name of the agent that answers calls no route claims.</summary>
    public string DefaultAgent { get; set; } = "parrot";

    public Dictionary<string, AgentConfig> Agents { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["echo"] = new AgentConfig { Type = "echo" },
        ["parrot"] = new AgentConfig { Type = "parrot" },
    };

    /// <summary>SIP trunks (carriers, PBXs) by name: registration, inbound matching and outbound routing.</summary>
    public Dictionary<string, TrunkConfig> Trunks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Remote brains (conversation policy webhooks) by name; realtime agents refer to one by name.</summary>
    public Dictionary<string, BrainConfig> Brains { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class TrunkConfig
{
    /// <summary>Registrar URI (sip:host[:port]); none for a trunk authenticated by source address only.</summary>
    public string? Registrar { get; set; }

    /// <summary>Fallback registrar used while the primary fails.</summary>
    public string? SecondaryRegistrar { get; set; }

    /// <summary>Where outbound INVITEs go (sip:host[:port]); defaults to the registrar.</summary>
    public string? Proxy { get; set; }

    /// <summary>Every request to this trunk is sent here first (a Route), e.g. an SBC.</summary>
    public string? OutboundProxy { get; set; }

    public string Transport { get; set; } = "udp";
    public string? Username { get; set; }

    /// <summary>Digest user when it differs from the From/AOR user.</summary>
    public string? AuthUsername { get; set; }

    /// <summary>Only answer challenges for this realm (any realm when unset).</summary>
    public string? Realm { get; set; }

    public SecretConfig Password { get; set; } = new();

    /// <summary>Registration lifetime to ask for (5–86400 s); refreshed at 80 % of what the registrar grants.</summary>
    public int ExpiresSeconds { get; set; } = 300;

    /// <summary>Caller id (From user) for outbound calls unless the request gives one.</summary>
    public string? CallerId { get; set; }

    /// <summary>NAT keep-alive towards the registrar: "crlf", "options" or "none".</summary>
    public string Keepalive { get; set; } = "crlf";
    public int KeepaliveSeconds { get; set; } = 25;

    /// <summary>CIDRs INVITEs from this trunk come from (besides its registration's own peer).</summary>
    public List<string> SourceAddresses { get; set; } = [];

    /// <summary>DID or pattern (trailing '*' matches any rest) → agent name; "*" alone catches every DID.</summary>
    public Dictionary<string, string> Dids { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class SipConfig
{
    /// <summary>Listening sockets; empty means UDP and TCP on 0.0.0.0:5060 (see <see cref="ConfigDefaults"/>).</summary>
    public List<SipListenConfig> Listen { get; set; } = [];

    /// <summary>Networks (CIDRs) allowed to send INVITEs besides configured trunks; others get 403.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Public address written into Via, Contact and SDP when the appliance sits behind NAT.</summary>
    public string? AdvertisedAddress { get; set; }

    public int MaxConcurrentCalls { get; set; } = 1000;
    public string UserAgent { get; set; } = "Appliance";
    public int T1Ms { get; set; } = 500;
    public int T2Ms { get; set; } = 4000;
    public int T4Ms { get; set; } = 5000;
    public int TcpIdleTimeoutSeconds { get; set; } = 600;
    public int MaxMessageBytes { get; set; } = 65535;
}

public sealed class SipListenConfig
{
    public string Transport { get; set; } = "udp";
    public string Address { get; set; } = "0.0.0.0";
    public int Port { get; set; } = 5060;
}

public sealed class MediaConfig
{
    public int RtpPortMin { get; set; } = 20000;
    public int RtpPortMax { get; set; } = 29999;
    /// <summary>Codec preference, most preferred first; empty means PCMU, PCMA, G722.</summary>
    public List<string> Codecs { get; set; } = [];
    public int PtimeMs { get; set; } = 20;
    public int MediaTimeoutSeconds { get; set; } = 30;
    public int JitterMinMs { get; set; } = 20;
    public int JitterMaxMs { get; set; } = 200;
}

public sealed class AdminConfig
{
    /// <summary>host:port of the admin HTTP endpoint (health, readiness, metrics, call API).</summary>
    public string Listen { get; set; } = "127.0.0.1:9560";

    /// <summary>Bearer token for the call API; read from an environment variable or a file, never required in the JSON.</summary>
    public SecretConfig Token { get; set; } = new();
}

public sealed class LogConfig
{
    /// <summary>"text" (default) or "json".</summary>
    public string Format { get; set; } = "text";

    /// <summary>Minimum level per category prefix; "Default" applies to the rest.</summary>
    public Dictionary<string, string> Levels { get; set; } = new(StringComparer.OrdinalIgnoreCase) { ["Default"] = "Information" };
}

public sealed class ShutdownConfig
{
    /// <summary>How long live calls may continue after SIGTERM before they are hung up.</summary>
    public int DrainTimeoutSeconds { get; set; } = 30;
}

public sealed class AgentConfig
{
    /// <summary>
    /// Agent kind: "echo" (loops the caller's audio back), "parrot" (repeats each utterance after the caller's turn)
    /// or "realtime" (a speech-to-speech model, see <see cref="Realtime"/>).
    /// </summary>
    public string Type { get; set; } = "echo";

    /// <summary>The model and how to reach it, for "realtime" agents.</summary>
    public RealtimeConfig Realtime { get; set; } = new();

    /// <summary>Name of the entry in Brains that steers this agent's conversations; none lets the model run alone.</summary>
    public string? Brain { get; set; }

    /// <summary>Ring (180) for this long before answering; 0 answers at once.</summary>
    public int AnswerDelayMs { get; set; }

    /// <summary>Voice activity detection for agents that take turns.</summary>
    public VadConfig Vad { get; set; } = new();

    /// <summary>The caller must speak this long over the bot to interrupt it (coughs and "uh-huh" do not).</summary>
    public int MinInterruptionMs { get; set; } = 400;

    /// <summary>Per-call stereo WAV (caller left, bot right) and JSON transcript.</summary>
    public RecordingConfig Recording { get; set; } = new();
}

/// <summary>A speech-to-speech model session per call.</summary>
public sealed class RealtimeConfig
{
    /// <summary>"openai", "azure-openai" or "gemini".</summary>
    public string Provider { get; set; } = "openai";

    /// <summary>Model name (Azure: the deployment name); unset picks the provider's current realtime model.</summary>
    public string? Model { get; set; }

    public string? Voice { get; set; }

    /// <summary>System instructions; a brain's /session reply replaces them.</summary>
    public string? Instructions { get; set; }

    /// <summary>What the model is asked to say first when the call is answered; unset waits for the caller.</summary>
    public string? Greeting { get; set; }

    /// <summary>Endpoint override (a proxy, a test server; Azure: https://{resource}.openai.azure.com).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The provider's API key, by environment variable or file.</summary>
    public SecretConfig ApiKey { get; set; } = new();

    /// <summary>"auto" (G.711 passed through untouched on G.711 calls, else 24 kHz PCM), "pcm16", "pcmu" or "pcma". OpenAI only.</summary>
    public string AudioFormat { get; set; } = "auto";

    /// <summary>"ga", or "beta" for the older preview event shape. OpenAI only.</summary>
    public string Protocol { get; set; } = "ga";

    public string AzureApiVersion { get; set; } = "2025-04-01-preview";

    public RealtimeTurnDetectionConfig TurnDetection { get; set; } = new();

    /// <summary>Caller audio per message to the model, 20–100 ms.</summary>
    public int BatchMs { get; set; } = 20;

    /// <summary>Transcribe the caller into the call transcript.</summary>
    public bool TranscribeInput { get; set; } = true;

    /// <summary>Tell the model which keys the caller pressed ("The caller pressed 5.").</summary>
    public bool DtmfAsText { get; set; }

    public int ConnectTimeoutMs { get; set; } = 5000;
    public int SetupTimeoutMs { get; set; } = 5000;

    /// <summary>WAV played before hanging up when the provider fails mid-call; unset hangs up at once.</summary>
    public string? FailurePrompt { get; set; }

    /// <summary>Offer the model the built-in end_call tool.</summary>
    public bool EndCallTool { get; set; } = true;

    /// <summary>Offer the model the built-in transfer_call tool (SIP REFER), when <see cref="TransferTargets"/> lists somewhere to go.</summary>
    public bool TransferTool { get; set; } = true;

    /// <summary>
    /// Where the model may transfer callers: SIP URIs or E.164 numbers, or prefixes ending in '*'. Empty (the default)
    /// offers no transfer_call: a caller could otherwise talk the model into dialling anywhere at the operator's cost.
    /// </summary>
    public List<string> TransferTargets { get; set; } = [];

    /// <summary>Functions the model may call; with a brain, the brain answers them.</summary>
    public List<RealtimeToolConfig> Tools { get; set; } = [];
}

public sealed class RealtimeTurnDetectionConfig
{
    /// <summary>"server_vad" or "semantic_vad" (OpenAI).</summary>
    public string Mode { get; set; } = "server_vad";

    /// <summary>Server VAD threshold 0–1; unset keeps the provider's default.</summary>
    public double? Threshold { get; set; }

    public int? PrefixPaddingMs { get; set; }
    public int? SilenceDurationMs { get; set; }

    /// <summary>Semantic VAD eagerness: "low", "medium", "high" or "auto".</summary>
    public string? Eagerness { get; set; }
}

public sealed class RealtimeToolConfig
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>The arguments' JSON schema, kept as written (read by the loader, not the binder).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ParametersJson { get; set; } = """{"type":"object","properties":{}}""";
}

/// <summary>A RemoteBrain: the operator's webhook that decides the conversation's course.</summary>
public sealed class BrainConfig
{
    /// <summary>Base URL; the appliance posts to {url}/session, /tool-call and /events.</summary>
    public string Url { get; set; } = "";

    /// <summary>Sent as Authorization: Bearer.</summary>
    public SecretConfig Token { get; set; } = new();

    /// <summary>HMAC-SHA256 key for the X-Appliance-Signature header over timestamp and body.</summary>
    public SecretConfig SigningSecret { get; set; } = new();

    /// <summary>Longest wait for one reply; the conversation stays where it is beyond it.</summary>
    public int TimeoutMs { get; set; } = 2000;

    /// <summary>Extra attempts per event after a connection error, timeout or 5xx.</summary>
    public int EventRetries { get; set; } = 3;

    /// <summary>Instructions the model gets when /session fails; unset uses a built-in apology prompt.</summary>
    public string? FallbackSystemPrompt { get; set; }

    /// <summary>What the model is told when a tool call fails safe; unset uses a built-in sentence.</summary>
    public string? FailureMessage { get; set; }

    /// <summary>The "config" object as written, passed to the brain as brain_config (read by the loader, not the binder).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ConfigJson { get; set; }
}

public sealed class RecordingConfig
{
    public bool Enabled { get; set; }

    /// <summary>Where recordings go; under systemd the unit's StateDirectory.</summary>
    public string Directory { get; set; } = "/var/lib/appliance/recordings";

    /// <summary>Recording stops (the call goes on) when the disk has less free space than this.</summary>
    public int MinFreeMb { get; set; } = 512;
}

/// <summary>Silero VAD parameters.</summary>
public sealed class VadConfig
{
    /// <summary>Speech probability (0–1) above which a chunk counts as speech.</summary>
    public double Confidence { get; set; } = 0.7;

    /// <summary>Speech must last this long before the user's turn starts.</summary>
    public double StartSeconds { get; set; } = 0.2;

    /// <summary>Silence must last this long before the user's turn ends.</summary>
    public double StopSeconds { get; set; } = 0.8;

    /// <summary>Chunks quieter than this RMS level (dBFS) never count as speech.</summary>
    public double MinVolumeDbfs { get; set; } = -50;
}

/// <summary>
/// A secret given inline (discouraged), by environment variable name, or by file path
/// (systemd credentials, Kubernetes secrets). The first that is set wins: File, Env, Value.
/// </summary>
public sealed class SecretConfig
{
    public string? Value { get; set; }
    public string? Env { get; set; }
    public string? File { get; set; }

    public bool IsSet => Value is not null || Env is not null || File is not null;
}
