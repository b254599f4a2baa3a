using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;

namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>OpenAI Realtime (and Azure OpenAI Realtime) over WebSocket as a call agent; GA event shape, or BETA by option.</summary>
/// <remarks>
/// Barge-in: on <c>input_audio_buffer.speech_started</c> the agent clears local playout with an <see cref="InterruptionFrame"/>
/// and truncates the assistant item to the milliseconds actually played. Function calls run once <c>response.done</c>
/// confirms the response completed. OpenAI sessions cannot be resumed, so a lost connection ends the call.
/// All protocol state below is touched only by the receive loop.
/// </remarks>
public sealed class OpenAiRealtimeAgent : RealtimeAgent
{
    private const int OpenAiPcmRate = 24000;
    private const string SayTagKey = "appliance_say";
    private const int G711Rate = 8000;
    private static readonly Uri DefaultEndpoint = new("wss://api.openai.com/v1/realtime");

    private readonly List<PendingCall> _pendingCalls = [];
    private readonly byte[] _itemId = new byte[256];
    private readonly bool _azure;
    private readonly RealtimeAudioFormat _audioFormat;
    private byte[] _unescaped = new byte[8192];
    private int _itemIdLength = -1;
    private string? _currentItemId;
    private long _itemSamples;
    private bool _itemInterrupted;
    private int _saysTracked;
    private string? _sayTag;

    /// <summary>Creates the agent for one call; <see cref="RealtimeAudioFormat.Auto"/> is resolved from the call's codec and pipeline rate.</summary>
    public OpenAiRealtimeAgent(RealtimeAgentOptions options, RealtimeAgentServices services, AgentContext context)
        : this(options, services, context, options?.AudioFormat.Resolve(context?.Call?.Codec, context?.Port.SampleRate ?? 0) ?? RealtimeAudioFormat.Pcm16)
    {
    }

    private OpenAiRealtimeAgent(RealtimeAgentOptions options, RealtimeAgentServices services, AgentContext context, RealtimeAudioFormat audioFormat)
        : base(
            "openai-realtime",
            options,
            services,
            context,
            audioFormat,
            RateOf(audioFormat),
            audioFormat,
            RateOf(audioFormat),
            "{\"type\":\"input_audio_buffer.append\",\"audio\":\""u8,
            "\"}"u8)
    {
        _azure = string.Equals(options.Provider, RealtimeAgentOptions.AzureOpenAi, StringComparison.OrdinalIgnoreCase);
        _audioFormat = audioFormat;
    }

    /// <inheritdoc/>
    private protected override Uri BuildUri()
    {
        if (_azure)
        {
            // https://{resource}.openai.azure.com/openai/realtime?api-version=...&deployment=...
            Uri resource = Options.Endpoint ?? throw new InvalidOperationException("Azure OpenAI needs the resource endpoint.");
            var builder = new UriBuilder(resource) { Scheme = WebSocketScheme(resource), Port = resource.IsDefaultPort ? -1 : resource.Port };
            if (builder.Path is "" or "/")
            {
                builder.Path = "/openai/realtime";
            }

            builder.Query = $"api-version={Uri.EscapeDataString(Options.AzureApiVersion)}&deployment={Uri.EscapeDataString(Options.Model)}";
            return builder.Uri;
        }

        Uri endpoint = Options.Endpoint ?? DefaultEndpoint;
        return new UriBuilder(endpoint)
        {
            Scheme = WebSocketScheme(endpoint),
            Port = endpoint.IsDefaultPort ? -1 : endpoint.Port,
            Query = $"model={Uri.EscapeDataString(Options.Model)}",
        }.Uri;
    }

    /// <inheritdoc/>
    private protected override void ConfigureSocket(ClientWebSocketOptions options)
    {
        if (_azure)
        {
            if (Options.ApiKey is not null)
            {
                options.SetRequestHeader("api-key", Options.ApiKey);
            }
        }
        else if (Options.ApiKey is not null)
        {
            options.SetRequestHeader("Authorization", "Bearer " + Options.ApiKey);
        }

        if (Options.UseBetaProtocol)
        {
            options.SetRequestHeader("OpenAI-Beta", "realtime=v1");
        }
    }

    /// <inheritdoc/>
    private protected override void WriteSetup(OutboundMessage message, bool resuming)
    {
        using var writer = new Utf8JsonWriter(message);
        ModelSetup setup = Setup;
        List<OpenAiTool>? tools = setup.Tools.Count > 0 ? ToOpenAiTools(setup.Tools) : null;

        OpenAiSessionUpdate.TranscriptionConfig? transcription = Options.TranscribeInput
            ? new OpenAiSessionUpdate.TranscriptionConfig { Model = Options.InputTranscriptionModel }
            : null;
        OpenAiTurnDetection turnDetection = OpenAiTurnDetection.From(Options.TurnDetection);
        string? toolChoice = tools is null ? null : "auto";
        if (Options.UseBetaProtocol)
        {
            string format = _audioFormat switch
            {
                RealtimeAudioFormat.Pcmu => "g711_ulaw",
                RealtimeAudioFormat.Pcma => "g711_alaw",
                _ => "pcm16",
            };
            JsonSerializer.Serialize(writer, new OpenAiBetaSessionUpdate
            {
                Session = new OpenAiBetaSessionUpdate.BetaSessionConfig
                {
                    Instructions = setup.Instructions,
                    Voice = Options.Voice,
                    InputAudioFormat = format,
                    OutputAudioFormat = format,
                    InputAudioTranscription = transcription,
                    TurnDetection = turnDetection,
                    Tools = tools,
                    ToolChoice = toolChoice,
                },
            }, OpenAiJsonContext.Default.OpenAiBetaSessionUpdate);
            return;
        }

        OpenAiSessionUpdate.FormatConfig audioFormat = _audioFormat switch
        {
            RealtimeAudioFormat.Pcmu => new() { Type = "audio/pcmu" },
            RealtimeAudioFormat.Pcma => new() { Type = "audio/pcma" },
            _ => new() { Type = "audio/pcm", Rate = OpenAiPcmRate },
        };
        JsonSerializer.Serialize(writer, new OpenAiSessionUpdate
        {
            Session = new OpenAiSessionUpdate.SessionConfig
            {
                Model = _azure ? null : Options.Model,
                Instructions = setup.Instructions,
                Audio = new OpenAiSessionUpdate.AudioConfig
                {
                    Input = new OpenAiSessionUpdate.InputConfig { Format = audioFormat, TurnDetection = turnDetection, Transcription = transcription },
                    Output = new OpenAiSessionUpdate.OutputConfig { Format = audioFormat, Voice = Options.Voice },
                },
                Tools = tools,
                ToolChoice = toolChoice,
            },
        }, OpenAiJsonContext.Default.OpenAiSessionUpdate);
    }

    /// <inheritdoc/>
    private protected override void EnqueueGreeting(string greeting) =>
        EnqueueControl(new OpenAiResponseCreate { Response = new OpenAiResponseCreate.ResponseConfig { Instructions = greeting } }, OpenAiJsonContext.Default.OpenAiResponseCreate);

    /// <inheritdoc/>
    /// <remarks>A partial <c>session.update</c>: only instructions and tools (an empty list clears them); audio settings stay.</remarks>
    private protected override void EnqueueSessionUpdate()
    {
        ModelSetup setup = Setup;
        List<OpenAiTool> tools = ToOpenAiTools(setup.Tools);
        string? toolChoice = tools.Count > 0 ? "auto" : null;
        if (Options.UseBetaProtocol)
        {
            EnqueueControl(
                new OpenAiBetaSessionUpdate { Session = new() { Instructions = setup.Instructions, Tools = tools, ToolChoice = toolChoice } },
                OpenAiJsonContext.Default.OpenAiBetaSessionUpdate);
            return;
        }

        EnqueueControl(
            new OpenAiSessionUpdate { Session = new() { Instructions = setup.Instructions, Tools = tools, ToolChoice = toolChoice } },
            OpenAiJsonContext.Default.OpenAiSessionUpdate);
    }

    /// <inheritdoc/>
    /// <remarks>A tracked say is tagged in the response's metadata, which <c>response.done</c> echoes.</remarks>
    private protected override void EnqueueSay(string text, bool tracked)
    {
        Dictionary<string, string>? metadata = null;
        if (tracked)
        {
            string tag = Interlocked.Increment(ref _saysTracked).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Volatile.Write(ref _sayTag, tag);
            metadata = new Dictionary<string, string> { [SayTagKey] = tag };
        }

        EnqueueControl(
            new OpenAiResponseCreate { Response = new OpenAiResponseCreate.ResponseConfig { Instructions = SayInstructions(text), Metadata = metadata } },
            OpenAiJsonContext.Default.OpenAiResponseCreate);
    }

    /// <inheritdoc/>
    private protected override void EnqueueNote(string text)
    {
        EnqueueControl(OpenAiConversationItemCreate.SystemText(text), OpenAiJsonContext.Default.OpenAiConversationItemCreate);
        EnqueueControl(new OpenAiResponseCreate(), OpenAiJsonContext.Default.OpenAiResponseCreate);
    }

    /// <inheritdoc/>
    private protected override void EnqueueDtmf(char digit)
    {
        EnqueueControl(OpenAiConversationItemCreate.UserText($"The caller pressed {digit} on the phone keypad."), OpenAiJsonContext.Default.OpenAiConversationItemCreate);
        EnqueueControl(new OpenAiResponseCreate(), OpenAiJsonContext.Default.OpenAiResponseCreate);
    }

    /// <inheritdoc/>
    private protected override void OnConnectionLost()
    {
        _pendingCalls.Clear();
        _itemIdLength = -1;
        _currentItemId = null;
    }

    /// <inheritdoc/>
    private protected override void OnMessage(ReadOnlySpan<byte> json)
    {
        if (!OpenAiEnvelope.TryRead(json, out OpenAiEnvelope envelope))
        {
            ReportMalformed(json.Length, "not an event object with a type");
            return;
        }

        switch (envelope.Type)
        {
            case OpenAiEventType.AudioDelta:
                OnAudioDelta(envelope);
                return;
            case OpenAiEventType.Other:
            case OpenAiEventType.SessionCreated:
            case OpenAiEventType.ResponseCreated:
                return;
        }

        OpenAiServerEvent? serverEvent = JsonSerializer.Deserialize(json, OpenAiJsonContext.Default.OpenAiServerEvent);
        if (serverEvent is null)
        {
            return;
        }

        switch (envelope.Type)
        {
            case OpenAiEventType.SessionUpdated:
                MarkReady();
                break;
            case OpenAiEventType.SpeechStarted:
                OnSpeechStarted(serverEvent);
                break;
            case OpenAiEventType.SpeechStopped:
                PushFrame(new UserStoppedSpeakingFrame(TimeSpan.FromMilliseconds(serverEvent.AudioEndMs ?? 0)));
                break;
            case OpenAiEventType.FunctionCallArgumentsDone when serverEvent is { CallId: not null, Name: not null }:
                _pendingCalls.Add(new PendingCall(serverEvent.ResponseId, serverEvent.CallId, serverEvent.Name, serverEvent.Arguments ?? "{}"));
                break;
            case OpenAiEventType.ResponseDone:
                OnResponseDone(serverEvent.Response);
                break;
            case OpenAiEventType.InputTranscriptionCompleted when !string.IsNullOrWhiteSpace(serverEvent.Transcript):
                PushFrame(new TranscriptionFrame(serverEvent.Transcript));
                break;
            case OpenAiEventType.OutputTranscriptDone when !string.IsNullOrWhiteSpace(serverEvent.Transcript):
                PushFrame(new TextFrame(serverEvent.Transcript));
                break;
            case OpenAiEventType.Error:
                ReportServerError(serverEvent.Error?.Type, serverEvent.Error?.Code, serverEvent.Error?.Message);
                break;
        }
    }

    private static List<OpenAiTool> ToOpenAiTools(IReadOnlyList<ToolDeclaration> declarations)
    {
        var tools = new List<OpenAiTool>(declarations.Count);
        foreach (ToolDeclaration tool in declarations)
        {
            tools.Add(new OpenAiTool { Name = tool.Name, Description = tool.Description, Parameters = tool.Parameters });
        }

        return tools;
    }

    private static int RateOf(RealtimeAudioFormat format) => format == RealtimeAudioFormat.Pcm16 ? OpenAiPcmRate : G711Rate;

    private static string WebSocketScheme(Uri uri) => uri.Scheme switch
    {
        "https" or "wss" => "wss",
        _ => "ws",
    };

    private void OnAudioDelta(OpenAiEnvelope envelope)
    {
        if (_itemIdLength < 0 || !envelope.ItemId.SequenceEqual(_itemId.AsSpan(0, _itemIdLength)))
        {
            StartItem(envelope.ItemId);
        }

        if (_itemInterrupted || IsEnding)
        {
            // The tail of a reply the caller interrupted: the server is cancelling it; never play it.
            return;
        }

        ReadOnlySpan<byte> delta = envelope.Delta;
        if (envelope.DeltaEscaped)
        {
            delta = Unescape(delta);
        }

        _itemSamples += PushModelAudio(delta);
    }

    private void StartItem(ReadOnlySpan<byte> itemId)
    {
        // Allocates the id string once per assistant item, not per delta.
        _itemInterrupted = false;
        _itemSamples = 0;
        if (itemId.Length > _itemId.Length)
        {
            itemId = itemId[.._itemId.Length];
        }

        itemId.CopyTo(_itemId);
        _itemIdLength = itemId.Length;
        _currentItemId = Encoding.UTF8.GetString(itemId);
        ResetModelAudio();
    }

    private void OnSpeechStarted(OpenAiServerEvent serverEvent)
    {
        // Clear local playout first, then tell the model how much of its reply was heard.
        if (_currentItemId is { } itemId && !_itemInterrupted && _itemSamples > 0)
        {
            long receivedMs = _itemSamples * 1000 / SampleRate;
            long playedMs = Math.Min(PlayedAudio.PlayedMilliseconds, receivedMs);
            PushFrame(InterruptionFrame.Instance);
            _itemInterrupted = true;
            if (playedMs < receivedMs)
            {
                EnqueueControl(new OpenAiConversationItemTruncate { ItemId = itemId, AudioEndMs = playedMs }, OpenAiJsonContext.Default.OpenAiConversationItemTruncate);
            }
        }
        else
        {
            PushFrame(InterruptionFrame.Instance);
        }

        PushFrame(new UserStartedSpeakingFrame(TimeSpan.FromMilliseconds(serverEvent.AudioStartMs ?? 0)));
    }

    private void OnResponseDone(OpenAiServerEvent.ResponseInfo? response)
    {
        if (response?.Usage is { } usage)
        {
            long inputText = usage.InputTokenDetails?.TextTokens ?? 0;
            long inputAudio = usage.InputTokenDetails?.AudioTokens ?? 0;
            AddUsage("input_text", inputText);
            AddUsage("input_audio", inputAudio);
            AddUsage("input_other", usage.InputTokens - inputText - inputAudio);
            AddUsage("input_cached", usage.InputTokenDetails?.CachedTokens ?? 0);
            AddUsage("output_text", usage.OutputTokenDetails?.TextTokens ?? 0);
            AddUsage("output_audio", usage.OutputTokenDetails?.AudioTokens ?? 0);
        }

        if (response?.Metadata is { ValueKind: JsonValueKind.Object } metadata
            && metadata.TryGetProperty(SayTagKey, out JsonElement sayTag)
            && sayTag.ValueKind == JsonValueKind.String
            && Volatile.Read(ref _sayTag) is { } expected
            && sayTag.ValueEquals(expected))
        {
            // The brain's say has been generated (or cut short by the caller): an end or a transfer may go on.
            EndSayTurn();
        }

        // function_call_arguments.done also fires for cancelled or incomplete responses; only a completed one runs its calls.
        List<PendingCall> calls = [];
        for (int i = _pendingCalls.Count - 1; i >= 0; i--)
        {
            if (_pendingCalls[i].ResponseId == response?.Id || _pendingCalls[i].ResponseId is null)
            {
                calls.Insert(0, _pendingCalls[i]);
                _pendingCalls.RemoveAt(i);
            }
        }

        if (calls.Count == 0)
        {
            return;
        }

        if (response?.Status != "completed")
        {
            foreach (PendingCall call in calls)
            {
                RealtimeLog.ToolSkipped(Logger, Name, call.Name, CallId, response?.Status);
            }

            return;
        }

        foreach (PendingCall call in calls)
        {
            if (call.Name == ToolDeclaration.EndCall && Options.EnableEndCall)
            {
                EndCall(ReadReason(call.Arguments) ?? "the agent ended the call");
                return;
            }
        }

        _ = RunCallsAsync(calls);
    }

    private async Task RunCallsAsync(List<PendingCall> calls)
    {
        foreach (PendingCall call in calls)
        {
            string output = await InvokeToolAsync(call.Name, call.Arguments).ConfigureAwait(false);
            if (IsEnding || Stopping.IsCancellationRequested)
            {
                return;
            }

            EnqueueControl(OpenAiConversationItemCreate.FunctionOutput(call.CallId, output), OpenAiJsonContext.Default.OpenAiConversationItemCreate);
        }

        // The reply to the results is the brain's say when it gave one; an end or a transfer without one gets no reply.
        ToolFollowUp? followUp = TakeFollowUp();
        Task sayTurn = Task.CompletedTask;
        if (followUp?.Say is { } say)
        {
            if (followUp.HandsOff)
            {
                sayTurn = BeginSayTurn();
            }

            EnqueueSay(say, followUp.HandsOff);
        }
        else if (followUp is not { HandsOff: true })
        {
            EnqueueControl(new OpenAiResponseCreate(), OpenAiJsonContext.Default.OpenAiResponseCreate);
        }

        if (followUp is not null)
        {
            await FinishFollowUpAsync(followUp, sayTurn).ConfigureAwait(false);
        }
    }

    private static string? ReadReason(string argumentsJson)
    {
        try
        {
            return JsonSerializer.Deserialize(argumentsJson, RealtimeJsonContext.Default.BuiltInToolArguments)?.Reason;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> escaped)
    {
        // Rare: a server that escapes '/' as "\/". Unescaping never lengthens the text.
        if (_unescaped.Length < escaped.Length)
        {
            _unescaped = new byte[escaped.Length];
        }

        int written = JsonUnescape(escaped, _unescaped);
        return _unescaped.AsSpan(0, written);
    }

    private static int JsonUnescape(ReadOnlySpan<byte> escaped, Span<byte> destination)
    {
        int written = 0;
        for (int i = 0; i < escaped.Length; i++)
        {
            byte b = escaped[i];
            if (b == (byte)'\\' && i + 1 < escaped.Length)
            {
                b = escaped[++i];
                if (b == (byte)'u' && i + 4 < escaped.Length && System.Buffers.Text.Utf8Parser.TryParse(escaped.Slice(i + 1, 4), out ushort code, out _, 'x') && code < 0x80)
                {
                    // Base64 is ASCII, so only \u00XX escapes can appear in it.
                    b = (byte)code;
                    i += 4;
                }
            }

            destination[written++] = b;
        }

        return written;
    }

    private sealed record PendingCall(string? ResponseId, string CallId, string Name, string Arguments);
}
