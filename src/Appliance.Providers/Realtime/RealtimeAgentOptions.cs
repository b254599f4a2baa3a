namespace Appliance.Providers.Realtime;

/// <summary>One realtime (speech-to-speech) agent's configuration, bound from appliance.json by the host.</summary>
public sealed record RealtimeAgentOptions
{
    /// <summary>Provider name for <see cref="Provider"/>: OpenAI Realtime.</summary>
    public const string OpenAi = "openai";

    /// <summary>Provider name for <see cref="Provider"/>: OpenAI Realtime on Azure OpenAI.</summary>
    public const string AzureOpenAi = "azure-openai";

    /// <summary>Provider name for <see cref="Provider"/>: Gemini Live.</summary>
    public const string Gemini = "gemini";

    /// <summary>"openai", "azure-openai" or "gemini".</summary>
    public string Provider { get; init; } = OpenAi;

    /// <summary>Model name (OpenAI model, Azure deployment, Gemini model with or without "models/").</summary>
    public string Model { get; init; } = "gpt-realtime";

    /// <summary>Voice name; null leaves the provider's default.</summary>
    public string? Voice { get; init; }

    /// <summary>System instructions.</summary>
    public string? Instructions { get; init; }

    /// <summary>Functions the model may call, run by the <see cref="IToolHandler"/>.</summary>
    public IReadOnlyList<RealtimeToolOptions> Tools { get; init; } = [];

    /// <summary>Offer the built-in <c>end_call</c> tool: the call ends gracefully after the model's goodbye has played.</summary>
    public bool EnableEndCall { get; init; } = true;

    /// <summary>Offer the built-in <c>transfer_call</c> tool (only when the call layer gives the agent call actions to transfer with).</summary>
    public bool EnableTransfer { get; init; } = true;

    /// <summary>
    /// Where the model's <c>transfer_call</c> may send the caller: exact targets, or prefixes ending in '*'; null allows
    /// any. A caller can talk a model into anything, so the host always sets a list. The brain's transfers are not limited.
    /// </summary>
    public IReadOnlyList<string>? TransferTargets { get; init; }

    /// <summary>Turn detection.</summary>
    public TurnDetectionOptions TurnDetection { get; init; } = new();

    /// <summary>Caller audio per append message, 20–100 ms: fewer, larger messages cost less overhead but add latency.</summary>
    public int BatchMilliseconds { get; init; } = 20;

    /// <summary>Caller audio kept while the socket cannot keep up; older audio is dropped (and counted) beyond it.</summary>
    public int SendBacklogMilliseconds { get; init; } = 2000;

    /// <summary>What the model says when the call is answered (an instruction for the first response); null waits for the caller.</summary>
    public string? Greeting { get; init; }

    /// <summary>OpenAI audio encoding; <see cref="RealtimeAudioFormat.Auto"/> passes G.711 calls through untouched and uses 24 kHz PCM otherwise.</summary>
    public RealtimeAudioFormat AudioFormat { get; init; } = RealtimeAudioFormat.Auto;

    /// <summary>Speak the older BETA event shape (gpt-4o-realtime-preview models) instead of GA.</summary>
    public bool UseBetaProtocol { get; init; }

    /// <summary>Transcribe the caller for the call transcript; OpenAI uses <see cref="InputTranscriptionModel"/>.</summary>
    public bool TranscribeInput { get; init; } = true;

    /// <summary>OpenAI input transcription model.</summary>
    public string InputTranscriptionModel { get; init; } = "gpt-4o-transcribe";

    /// <summary>Tell the model about DTMF keys ("The caller pressed 5.") and let it respond.</summary>
    public bool DtmfAsText { get; init; }

    /// <summary>Endpoint override (tests, proxies, Azure resource URL "https://{resource}.openai.azure.com"); null uses the provider's public endpoint.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Azure OpenAI API version.</summary>
    public string AzureApiVersion { get; init; } = "2025-04-01-preview";

    /// <summary>The resolved API key (never logged).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Longest wait for the WebSocket handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for the provider to confirm the session setup.</summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reconnects tried in a row when the provider supports resuming the session (Gemini).</summary>
    public int MaxReconnectAttempts { get; init; } = 3;

    /// <summary>PCM played to the caller before hanging up when the provider fails mid-call; null hangs up at once.</summary>
    public short[]? FailurePrompt { get; init; }

    /// <summary>Sample rate of <see cref="FailurePrompt"/>.</summary>
    public int FailurePromptSampleRate { get; init; } = 8000;

    /// <summary>Names the provider and model only: the generated record printer would include <see cref="ApiKey"/>.</summary>
    public override string ToString() => $"RealtimeAgentOptions {{ Provider = {Provider}, Model = {Model} }}";
}
