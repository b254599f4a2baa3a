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
    /// <summary>Agent kind: "echo" (loops the caller's audio back) or "parrot" (repeats each utterance after the caller's turn).</summary>
    public string Type { get; set; } = "echo";

    /// <summary>Ring (180) for this long before answering; 0 answers at once.</summary>
    public int AnswerDelayMs { get; set; }

    /// <summary>Voice activity detection for agents that take turns.</summary>
    public VadConfig Vad { get; set; } = new();

    /// <summary>The caller must speak this long over the bot to interrupt it (coughs and "uh-huh" do not).</summary>
    public int MinInterruptionMs { get; set; } = 400;

    /// <summary>Per-call stereo WAV (caller left, bot right) and JSON transcript.</summary>
    public RecordingConfig Recording { get; set; } = new();
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
