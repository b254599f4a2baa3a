using System.Text.Json;

namespace Appliance.Providers.Tests.Realtime.Fakes;

/// <summary>
/// A fake OpenAI Realtime server following the published GA (or BETA) event schema: session.created on connect,
/// session.update → session.updated, appended audio accumulated, conversation items acknowledged, an error event
/// for malformed client events; tests script speech, responses, audio, transcripts and function calls.
/// </summary>
internal sealed class FakeOpenAiRealtimeServer : FakeRealtimeServer
{
    private readonly Lock _audioLock = new();
    private readonly MemoryStream _audio = new();
    private int _eventId;

    /// <summary>False to never confirm session.update (a provider that hangs during setup).</summary>
    public bool AnswerSetup { get; set; } = true;

    /// <summary>Use the BETA event names (response.audio.delta ...).</summary>
    public bool Beta { get; set; }

    /// <summary>All caller audio appended so far, decoded from base64, in the session's input format.</summary>
    public byte[] AppendedAudio
    {
        get
        {
            lock (_audioLock)
            {
                return _audio.ToArray();
            }
        }
    }

    public Uri Endpoint => new(BaseUri, "/v1/realtime");

    /// <summary>Caller speech began (barge-in when the bot is talking).</summary>
    public Task SpeechStartedAsync(long audioStartMs = 0) =>
        Current.SendAsync(Event("input_audio_buffer.speech_started", $"\"audio_start_ms\":{audioStartMs},\"item_id\":\"item_U1\""));

    public Task SpeechStoppedAsync(long audioEndMs) =>
        Current.SendAsync(Event("input_audio_buffer.speech_stopped", $"\"audio_end_ms\":{audioEndMs},\"item_id\":\"item_U1\""));

    public Task InputTranscriptAsync(string text) =>
        Current.SendAsync(Event("conversation.item.input_audio_transcription.completed", $"\"item_id\":\"item_U1\",\"content_index\":0,\"transcript\":{JsonSerializer.Serialize(text)}"));

    public Task ResponseCreatedAsync(string responseId) =>
        Current.SendAsync(Event("response.created", $"\"response\":{{\"object\":\"realtime.response\",\"id\":\"{responseId}\",\"status\":\"in_progress\",\"output\":[]}}"));

    /// <summary>Streams <paramref name="audio"/> (session output format) as deltas of <paramref name="chunkBytes"/>.</summary>
    public async Task AudioAsync(string responseId, string itemId, byte[] audio, int chunkBytes = 4800)
    {
        string type = Beta ? "response.audio.delta" : "response.output_audio.delta";
        for (int offset = 0; offset < audio.Length; offset += chunkBytes)
        {
            string delta = Convert.ToBase64String(audio, offset, Math.Min(chunkBytes, audio.Length - offset));
            await Current.SendAsync(Event(type, $"\"response_id\":\"{responseId}\",\"item_id\":\"{itemId}\",\"output_index\":0,\"content_index\":0,\"delta\":\"{delta}\""));
        }
    }

    public async Task TranscriptAsync(string responseId, string itemId, string text)
    {
        string prefix = Beta ? "response.audio_transcript" : "response.output_audio_transcript";
        string ids = $"\"response_id\":\"{responseId}\",\"item_id\":\"{itemId}\",\"output_index\":0,\"content_index\":0";
        await Current.SendAsync(Event(prefix + ".delta", ids + $",\"delta\":{JsonSerializer.Serialize(text)}"));
        await Current.SendAsync(Event(prefix + ".done", ids + $",\"transcript\":{JsonSerializer.Serialize(text)}"));
    }

    public Task FunctionCallAsync(string responseId, string callId, string name, string arguments) =>
        Current.SendAsync(Event("response.function_call_arguments.done", $"\"response_id\":\"{responseId}\",\"item_id\":\"item_F_{callId}\",\"output_index\":0,\"call_id\":\"{callId}\",\"name\":\"{name}\",\"arguments\":{JsonSerializer.Serialize(arguments)}"));

    /// <summary>A response ended; <paramref name="metadataJson"/> is the metadata object its response.create carried, echoed as the API does.</summary>
    public Task ResponseDoneAsync(string responseId, string status = "completed", string? metadataJson = null) =>
        Current.SendAsync(Event("response.done", "\"response\":{\"object\":\"realtime.response\",\"id\":\"" + responseId + "\",\"status\":\"" + status + "\",\"status_details\":null,\"output\":[],"
            + "\"metadata\":" + (metadataJson ?? "null") + ","
            + "\"usage\":{\"total_tokens\":1873,\"input_tokens\":1568,\"output_tokens\":305,"
            + "\"input_token_details\":{\"text_tokens\":1200,\"audio_tokens\":368,\"image_tokens\":0,\"cached_tokens\":1024},"
            + "\"output_token_details\":{\"text_tokens\":60,\"audio_tokens\":245}}}"));

    /// <summary>A whole spoken reply: created, audio, transcript, done.</summary>
    public async Task RespondAsync(string responseId, string itemId, byte[] audio, string transcript)
    {
        await ResponseCreatedAsync(responseId);
        await AudioAsync(responseId, itemId, audio);
        await TranscriptAsync(responseId, itemId, transcript);
        await Current.SendAsync(Event(Beta ? "response.audio.done" : "response.output_audio.done", $"\"response_id\":\"{responseId}\",\"item_id\":\"{itemId}\",\"output_index\":0,\"content_index\":0"));
        await ResponseDoneAsync(responseId);
    }

    public Task ErrorAsync(string code, string message) => Current.SendAsync(ErrorEvent(code, message));

    public static bool IsType(JsonElement message, string type) =>
        message.TryGetProperty("type", out JsonElement t) && t.ValueEquals(type);

    protected override Task OnConnectedAsync(FakeConnection connection) =>
        connection.SendAsync(Event("session.created", "\"session\":{\"type\":\"realtime\",\"object\":\"realtime.session\",\"id\":\"sess_001\",\"model\":\"gpt-realtime\",\"output_modalities\":[\"audio\"]}"));

    protected override async Task OnMessageAsync(FakeConnection connection, JsonElement message)
    {
        if (!message.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
        {
            await connection.SendAsync(ErrorEvent("missing_type", "The event has no type."));
            return;
        }

        switch (type.GetString())
        {
            case "session.update" when AnswerSetup:
                await connection.SendAsync(Event("session.updated", "\"session\":" + message.GetProperty("session").GetRawText()));
                break;
            case "input_audio_buffer.append":
                byte[] audio = Convert.FromBase64String(message.GetProperty("audio").GetString()!);
                lock (_audioLock)
                {
                    _audio.Write(audio);
                }

                break;
            case "conversation.item.create":
                await connection.SendAsync(Event(Beta ? "conversation.item.created" : "conversation.item.added", "\"item\":" + message.GetProperty("item").GetRawText()));
                break;
            case "conversation.item.truncate":
                await connection.SendAsync(Event("conversation.item.truncated", $"\"item_id\":{message.GetProperty("item_id").GetRawText()},\"content_index\":0,\"audio_end_ms\":{message.GetProperty("audio_end_ms").GetRawText()}"));
                break;
            case "session.update" or "response.create" or "response.cancel" or "input_audio_buffer.commit" or "input_audio_buffer.clear":
                break;
            default:
                await connection.SendAsync(ErrorEvent("invalid_event", $"Unknown event type '{type.GetString()}'."));
                break;
        }
    }

    protected override Task OnMalformedAsync(FakeConnection connection, string text) =>
        connection.SendAsync(ErrorEvent("invalid_json", "The event is not valid JSON."));

    private string ErrorEvent(string code, string message) =>
        Event("error", $"\"error\":{{\"type\":\"invalid_request_error\",\"code\":\"{code}\",\"message\":{JsonSerializer.Serialize(message)},\"param\":null,\"event_id\":null}}");

    private string Event(string type, string fields) =>
        $"{{\"type\":\"{type}\",\"event_id\":\"event_{Interlocked.Increment(ref _eventId)}\",{fields}}}";
}
