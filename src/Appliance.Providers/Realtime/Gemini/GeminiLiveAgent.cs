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
/// <para>
/// A brain node change cannot be sent mid-session: the Gemini API (unlike Vertex AI) takes instructions and tools only
/// in the <c>setup</c>. A client turn could carry new instructions but never new tools, and the brain's next node needs
/// its tools. So the agent resumes the session on a new connection whose setup carries the new instructions and tools,
/// keeping the conversation through the resumption handle. It waits for the first resumable handle after the tool
/// response went out: a handle taken earlier predates the tool call (the server offers none while a function call or a
/// reply is in progress), and resuming from it would lose the call and its result. The reply to the tool result is thus
/// still spoken under the old node; the caller's next turn meets the new one. Caller audio meanwhile waits in the send queue.
/// </para>
/// <para>
/// The brain's say after a tool call rides in the function response (<c>say_exactly</c>), so the model's one reply to
/// the result speaks it; a client turn sent after the response would start a second, competing reply.
/// </para>
/// Protocol state is touched by the receive loop only, except the handle (read when the next connection sets up) and
/// the pending node change (set by tool calls, taken by the receive loop).
/// </remarks>
public sealed class GeminiLiveAgent : RealtimeAgent
{
    private const int InputRate = 16000;
    private const int OutputRate = 24000;
    private const string SayKey = "say_exactly";

    // A brain node change waiting for a resumable point: decided (tool response not yet queued), then armed.
    private const int NoSetupChange = 0;
    private const int SetupChangeDecided = 1;
    private const int SetupChangeArmed = 2;
    private static readonly Uri DefaultEndpoint = new("wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent");

    private readonly ConcurrentDictionary<string, bool> _cancelledCalls = new(StringComparer.Ordinal);
    private readonly StringBuilder _inputTranscript = new();
    private readonly StringBuilder _outputTranscript = new();
    private byte[] _unescaped = new byte[8192];
    private string? _resumptionHandle;
    private int _setupChange;
    private bool _turnAudio;

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
        // Whatever node change was pending, this setup carries the current one.
        Volatile.Write(ref _setupChange, NoSetupChange);
        ModelSetup current = Setup;
        List<GeminiSetupMessage.FunctionDeclaration> declarations = [];
        foreach (ToolDeclaration tool in current.Tools)
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
                SystemInstruction = current.Instructions is { } instructions ? GeminiContent.Text(instructions) : null,
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
    /// <remarks>Applied by resuming on a new connection at the next resumable point (see the class remarks).</remarks>
    private protected override void EnqueueSessionUpdate() => Volatile.Write(ref _setupChange, SetupChangeDecided);

    /// <inheritdoc/>
    /// <remarks>A tracked say ends at the first turn with audio that completes (or is interrupted) after it.</remarks>
    private protected override void EnqueueSay(string text, bool tracked) => EnqueueGreeting(SayInstructions(text));

    /// <inheritdoc/>
    private protected override void EnqueueNote(string text) => EnqueueGreeting(text);

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
                    OnTurnEnded();
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
            OnTurnEnded();
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

            _turnAudio = true;
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
            if (Interlocked.CompareExchange(ref _setupChange, NoSetupChange, SetupChangeArmed) == SetupChangeArmed)
            {
                // The first resumable point after the tool response: resume with the brain's new node.
                RealtimeLog.ResumingForNewSetup(Logger, Name, CallId);
                Reconnect();
            }
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
        // Only audio after the call can be the reply to its result (a say turn's end).
        _turnAudio = false;
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

        if (IsEnding || Stopping.IsCancellationRequested)
        {
            return;
        }

        ToolFollowUp? followUp = TakeFollowUp();
        Task sayTurn = followUp is { Say: not null, HandsOff: true } ? BeginSayTurn() : Task.CompletedTask;
        if (followUp?.Say is { } say)
        {
            if (responses.Count > 0)
            {
                GeminiToolResponseMessage.FunctionResponse last = responses[^1];
                responses[^1] = new() { Id = last.Id, Name = last.Name, Response = WithSay(last.Response, say) };
            }
            else
            {
                // The caller interrupted every call: there is no reply to carry the say, so it gets a turn of its own.
                EnqueueSay(say, followUp.HandsOff);
            }
        }

        // Armed before the response goes out, so no resumable point after it can be missed (none comes while a call is open).
        Interlocked.CompareExchange(ref _setupChange, SetupChangeArmed, SetupChangeDecided);
        if (responses.Count > 0)
        {
            EnqueueControl(new GeminiToolResponseMessage { ToolResponse = new() { FunctionResponses = responses } }, GeminiJsonContext.Default.GeminiToolResponseMessage);
        }
        if (followUp is not null)
        {
            await FinishFollowUpAsync(followUp, sayTurn).ConfigureAwait(false);
        }
    }

    // The end of a model turn (complete or interrupted): a say turn is over once its reply was heard.
    private void OnTurnEnded()
    {
        if (_turnAudio && IsSayTurnOpen)
        {
            EndSayTurn();
        }

        _turnAudio = false;
    }

    // The function response object plus the text the model is to say, word for word, in its reply.
    private static JsonElement WithSay(JsonElement response, string say)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (JsonProperty property in response.EnumerateObject())
            {
                if (!property.NameEquals(SayKey))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteString(SayKey, say);
            writer.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
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
        AddUsage("input_cached", usage.CachedContentTokenCount);
        RecordDetails("input", usage.PromptTokenCount, usage.PromptTokensDetails);
        RecordDetails("output", usage.ResponseTokenCount, usage.ResponseTokensDetails);
    }

    private void RecordDetails(string direction, long total, IReadOnlyList<GeminiServerMessage.ModalityTokenCount?>? details)
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
            AddUsage(kind, detail.TokenCount);
            counted += detail.TokenCount;
        }

        AddUsage(direction + "_other", total - counted);
    }
}
