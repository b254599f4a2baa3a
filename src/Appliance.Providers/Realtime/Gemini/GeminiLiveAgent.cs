using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;

namespace Appliance.Providers.Realtime.Gemini;

/// <summary>Gemini Live (BidiGenerateContent) over WebSocket as a call agent.</summary>
/// <remarks>
/// Caller audio goes up as 16 kHz PCM, model audio comes back at 24 kHz; both are resampled from/to the pipeline rate.
/// <c>interrupted</c> is the barge-in signal. The agent keeps the latest session resumption handle, so a <c>goAway</c>
/// or a dropped connection reconnects and resumes the same conversation without the caller noticing.
/// Protocol state is touched by the receive loop only, except the handle (read when the next connection sets up).
/// </remarks>
public sealed class GeminiLiveAgent : RealtimeAgent
{
    private const int InputRate = 16000;
    private const int OutputRate = 24000;
    private static readonly Uri DefaultEndpoint = new("wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent");

    private readonly ConcurrentDictionary<string, bool> _cancelledCalls = new(StringComparer.Ordinal);
    private readonly StringBuilder _inputTranscript = new();
    private readonly StringBuilder _outputTranscript = new();
    private byte[] _unescaped = new byte[8192];
    private string? _resumptionHandle;

    /// <summary>Creates the agent for one call.</summary>
    public GeminiLiveAgent(RealtimeAgentOptions options, RealtimeAgentServices services, AgentContext context)
        : base(
            "gemini-live",
            options,
            services,
            context,
            RealtimeAudioFormat.Pcm16,
            InputRate,
            RealtimeAudioFormat.Pcm16,
            OutputRate,
            "{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm;rate=16000\",\"data\":\""u8,
            "\"}}}"u8)
    {
    }

    /// <summary>The latest session resumption handle; null until the server sent a resumable one.</summary>
    public string? ResumptionHandle => Volatile.Read(ref _resumptionHandle);

    /// <inheritdoc/>
    private protected override bool CanResume => ResumptionHandle is not null;

    /// <inheritdoc/>
    private protected override Uri BuildUri()
    {
        Uri endpoint = Options.Endpoint ?? DefaultEndpoint;
        var builder = new UriBuilder(endpoint)
        {
            Scheme = endpoint.Scheme is "https" or "wss" ? "wss" : "ws",
            Port = endpoint.IsDefaultPort ? -1 : endpoint.Port,
        };
        if (Options.ApiKey is not null)
        {
            builder.Query = "key=" + Uri.EscapeDataString(Options.ApiKey);
        }

        return builder.Uri;
    }

    /// <inheritdoc/>
    private protected override void ConfigureSocket(ClientWebSocketOptions options)
    {
        // Authentication rides in the query string.
    }

    /// <inheritdoc/>
    private protected override void WriteSetup(OutboundMessage message, bool resuming)
    {
        List<GeminiSetupMessage.FunctionDeclaration> declarations = [];
        foreach (ToolDeclaration tool in Tools)
        {
            declarations.Add(new GeminiSetupMessage.FunctionDeclaration { Name = tool.Name, Description = tool.Description, Parameters = GeminiSchema.Convert(tool.Parameters) });
        }

        GeminiSetupMessage.EmptyConfig? transcription = Options.TranscribeInput ? new GeminiSetupMessage.EmptyConfig() : null;
        var setup = new GeminiSetupMessage
        {
            Setup = new GeminiSetupMessage.SetupConfig
            {
                Model = Options.Model.StartsWith("models/", StringComparison.Ordinal) ? Options.Model : "models/" + Options.Model,
                GenerationConfig = new GeminiSetupMessage.GenerationConfig
                {
                    SpeechConfig = Options.Voice is { } voice
                        ? new GeminiSetupMessage.SpeechConfig { VoiceConfig = new() { PrebuiltVoiceConfig = new() { VoiceName = voice } } }
                        : null,
                },
                SystemInstruction = Options.Instructions is { } instructions ? GeminiContent.Text(instructions) : null,
                Tools = declarations.Count > 0 ? [new GeminiSetupMessage.ToolConfig { FunctionDeclarations = declarations }] : null,
                RealtimeInputConfig = new GeminiSetupMessage.RealtimeInputConfig
                {
                    AutomaticActivityDetection = new GeminiSetupMessage.AutomaticActivityDetection
                    {
                        PrefixPaddingMs = Options.TurnDetection.PrefixPaddingMs,
                        SilenceDurationMs = Options.TurnDetection.SilenceDurationMs,
                    },
                },
                InputAudioTranscription = transcription,
                OutputAudioTranscription = new GeminiSetupMessage.EmptyConfig(),
                SessionResumption = new GeminiSetupMessage.SessionResumptionConfig { Handle = resuming ? ResumptionHandle : null },
            },
        };
        using var writer = new Utf8JsonWriter(message);
        JsonSerializer.Serialize(writer, setup, GeminiJsonContext.Default.GeminiSetupMessage);
    }

    /// <inheritdoc/>
    private protected override void EnqueueGreeting(string greeting) => EnqueueControl(
        new GeminiClientContentMessage { ClientContent = new() { Turns = [GeminiContent.Text(greeting, "user")] } },
        GeminiJsonContext.Default.GeminiClientContentMessage);

    /// <inheritdoc/>
    private protected override void EnqueueDtmf(char digit) => EnqueueControl(
        new GeminiRealtimeTextMessage { RealtimeInput = new() { Text = $"The caller pressed {digit} on the phone keypad." } },
        GeminiJsonContext.Default.GeminiRealtimeTextMessage);

    /// <inheritdoc/>
    private protected override void OnConnectionLost()
    {
        ResetModelAudio();
        FlushTranscripts();
    }

    /// <inheritdoc/>
    private protected override void OnMessage(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            ReportMalformed(json.Length, "not a JSON object");
            return;
        }

        bool cold = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("serverContent"u8))
            {
                reader.Read();
                ReadServerContent(ref reader);
            }
            else
            {
                cold = true;
                reader.Read();
                reader.Skip();
            }
        }

        if (cold)
        {
            // Everything but serverContent is rare: let the generated deserializer read it (it skips the audio).
            GeminiServerMessage? message = JsonSerializer.Deserialize(json, GeminiJsonContext.Default.GeminiServerMessage);
            if (message is not null)
            {
                OnColdMessage(message);
            }
        }
    }

    private void ReadServerContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        bool turnComplete = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("modelTurn"u8))
            {
                reader.Read();
                ReadModelTurn(ref reader);
            }
            else if (reader.ValueTextEquals("interrupted"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.True)
                {
                    // The server already stopped generating: drop what is queued locally, at once.
                    PushFrame(InterruptionFrame.Instance);
                    ResetModelAudio();
                    FlushTranscripts();
                }
            }
            else if (reader.ValueTextEquals("turnComplete"u8))
            {
                reader.Read();
                turnComplete = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("inputTranscription"u8))
            {
                reader.Read();
                AppendText(ref reader, _inputTranscript);
            }
            else if (reader.ValueTextEquals("outputTranscription"u8))
            {
                reader.Read();
                AppendText(ref reader, _outputTranscript);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (turnComplete)
        {
            ResetModelAudio();
            FlushTranscripts();
        }
    }

    // modelTurn: {"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"<base64>"}}, ...]}
    private void ReadModelTurn(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool parts = reader.ValueTextEquals("parts"u8);
            reader.Read();
            if (!parts || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool inline = reader.ValueTextEquals("inlineData"u8);
                    reader.Read();
                    if (inline && reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadInlineData(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
    }

    private void ReadInlineData(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool data = reader.ValueTextEquals("data"u8);
            reader.Read();
            if (!data || reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }

            if (IsEnding)
            {
                continue;
            }

            if (!reader.ValueIsEscaped)
            {
                PushModelAudio(reader.ValueSpan);
                continue;
            }

            if (_unescaped.Length < reader.ValueSpan.Length)
            {
                _unescaped = new byte[reader.ValueSpan.Length];
            }

            int written = reader.CopyString(_unescaped);
            PushModelAudio(_unescaped.AsSpan(0, written));
        }
    }

    private static void AppendText(ref Utf8JsonReader reader, StringBuilder transcript)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool text = reader.ValueTextEquals("text"u8);
            reader.Read();
            if (text && reader.TokenType == JsonTokenType.String)
            {
                transcript.Append(reader.GetString());
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void FlushTranscripts()
    {
        if (_inputTranscript.Length > 0)
        {
            PushFrame(new TranscriptionFrame(_inputTranscript.ToString().Trim()));
            _inputTranscript.Clear();
        }

        if (_outputTranscript.Length > 0)
        {
            PushFrame(new TextFrame(_outputTranscript.ToString().Trim()));
            _outputTranscript.Clear();
        }
    }

    private void OnColdMessage(GeminiServerMessage message)
    {
        if (message.SetupComplete is not null)
        {
            MarkReady();
        }

        if (message.SessionResumptionUpdate is { Resumable: true, NewHandle: { Length: > 0 } handle })
        {
            Volatile.Write(ref _resumptionHandle, handle);
        }

        if (message.UsageMetadata is { } usage)
        {
            RecordUsage(usage);
        }

        if (message.ToolCallCancellation is { } cancellation)
        {
            foreach (string? id in cancellation.Ids ?? [])
            {
                if (id is not null)
                {
                    _cancelledCalls[id] = true;
                }
            }
        }

        if (message.ToolCall is { } toolCall)
        {
            OnToolCall(toolCall);
        }

        if (message.GoAway is not null && CanResume)
        {
            // The server will close soon: move to a fresh connection now, on our terms, carrying the handle.
            Reconnect();
        }
    }

    private void OnToolCall(GeminiServerMessage.ToolCallInfo toolCall)
    {
        List<GeminiServerMessage.FunctionCall> calls = [];
        foreach (GeminiServerMessage.FunctionCall? call in toolCall.FunctionCalls ?? [])
        {
            if (call is not { Id: not null, Name: not null })
            {
                continue;
            }

            if (call.Name == ToolDeclaration.EndCall && Options.EnableEndCall)
            {
                // The model's goodbye was streamed before the call: end once it has played.
                string? reason = call.Args.ValueKind == JsonValueKind.Object && call.Args.TryGetProperty("reason", out JsonElement r) && r.ValueKind == JsonValueKind.String
                    ? r.GetString()
                    : null;
                EndCall(reason ?? "the agent ended the call");
                return;
            }

            calls.Add(call);
        }

        if (calls.Count > 0)
        {
            _ = RunCallsAsync(calls);
        }
    }

    private async Task RunCallsAsync(List<GeminiServerMessage.FunctionCall> calls)
    {
        List<GeminiToolResponseMessage.FunctionResponse> responses = [];
        foreach (GeminiServerMessage.FunctionCall call in calls)
        {
            string args = call.Args.ValueKind == JsonValueKind.Undefined ? "{}" : call.Args.GetRawText();
            string result = await InvokeToolAsync(call.Name!, args).ConfigureAwait(false);
            if (_cancelledCalls.TryRemove(call.Id!, out _))
            {
                // The caller interrupted: the server no longer wants this answer.
                continue;
            }

            responses.Add(new GeminiToolResponseMessage.FunctionResponse { Id = call.Id!, Name = call.Name!, Response = AsObject(result) });
        }

        if (responses.Count > 0 && !IsEnding && !Stopping.IsCancellationRequested)
        {
            EnqueueControl(new GeminiToolResponseMessage { ToolResponse = new() { FunctionResponses = responses } }, GeminiJsonContext.Default.GeminiToolResponseMessage);
        }
    }

    // FunctionResponse.response must be a JSON object; any other result is wrapped as {"result": ...}.
    private static JsonElement AsObject(string resultJson)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(resultJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.Clone();
            }

            return Wrap(document.RootElement.GetRawText());
        }
        catch (JsonException)
        {
            return Wrap(JsonSerializer.Serialize(resultJson, GeminiJsonContext.Default.String));
        }
    }

    private static JsonElement Wrap(string valueJson)
    {
        using JsonDocument document = JsonDocument.Parse("{\"result\":" + valueJson + "}");
        return document.RootElement.Clone();
    }

    private void RecordUsage(GeminiServerMessage.UsageMetadataInfo usage)
    {
        if (ProviderMetrics is not { } metrics)
        {
            return;
        }

        string provider = Options.Provider;
        metrics.AddTokens(provider, "input_cached", usage.CachedContentTokenCount);
        RecordDetails(metrics, provider, "input", usage.PromptTokenCount, usage.PromptTokensDetails);
        RecordDetails(metrics, provider, "output", usage.ResponseTokenCount, usage.ResponseTokensDetails);
    }

    private static void RecordDetails(ProviderMetrics metrics, string provider, string direction, long total, IReadOnlyList<GeminiServerMessage.ModalityTokenCount?>? details)
    {
        long counted = 0;
        foreach (GeminiServerMessage.ModalityTokenCount? detail in details ?? [])
        {
            if (detail is null)
            {
                continue;
            }

            string kind = detail.Modality switch
            {
                "AUDIO" => direction + "_audio",
                "TEXT" => direction + "_text",
                _ => direction + "_other",
            };
            metrics.AddTokens(provider, kind, detail.TokenCount);
            counted += detail.TokenCount;
        }

        metrics.AddTokens(provider, direction + "_other", total - counted);
    }
}
