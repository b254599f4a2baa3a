using System.Net.WebSockets;
using System.Text.Json;

namespace Appliance.Providers.Tests.Realtime.Fakes;

/// <summary>
/// A fake Gemini Live (BidiGenerateContent) server: the first message must be <c>setup</c> (answered with
/// <c>setupComplete</c>), realtimeInput audio is accumulated; tests script model audio, turnComplete with
/// usageMetadata, interrupted, toolCall, sessionResumptionUpdate and goAway. Sends JSON in binary frames, as the real one may.
/// </summary>
internal sealed class FakeGeminiLiveServer : FakeRealtimeServer
{
    private readonly Lock _audioLock = new();
    private readonly MemoryStream _audio = new();
    private readonly List<JsonElement> _setups = [];

    /// <summary>False to never send setupComplete.</summary>
    public bool AnswerSetup { get; set; } = true;

    public Uri Endpoint => new(BaseUri, "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent");

    /// <summary>Caller audio received so far (16 kHz PCM16 LE).</summary>
    public byte[] ReceivedAudio
    {
        get
        {
            lock (_audioLock)
            {
                return _audio.ToArray();
            }
        }
    }

    /// <summary>Every setup message, one per connection.</summary>
    public IReadOnlyList<JsonElement> Setups
    {
        get
        {
            lock (_audioLock)
            {
                return [.. _setups];
            }
        }
    }

    /// <summary>Model audio (24 kHz PCM16 LE) in chunks of <paramref name="chunkBytes"/>.</summary>
    public async Task ModelAudioAsync(byte[] pcm24k, int chunkBytes = 9600)
    {
        for (int offset = 0; offset < pcm24k.Length; offset += chunkBytes)
        {
            string data = Convert.ToBase64String(pcm24k, offset, Math.Min(chunkBytes, pcm24k.Length - offset));
            await SendAsync("{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"audio/pcm;rate=24000\",\"data\":\"" + data + "\"}}]}}}");
        }
    }

    public Task OutputTranscriptAsync(string text) => SendAsync("{\"serverContent\":{\"outputTranscription\":{\"text\":" + JsonSerializer.Serialize(text) + "}}}");

    public Task InputTranscriptAsync(string text) => SendAsync("{\"serverContent\":{\"inputTranscription\":{\"text\":" + JsonSerializer.Serialize(text) + "}}}");

    public Task TurnCompleteAsync() => SendAsync("""
        {"serverContent":{"turnComplete":true},"usageMetadata":{"promptTokenCount":1520,"responseTokenCount":310,"totalTokenCount":1830,
          "promptTokensDetails":[{"modality":"AUDIO","tokenCount":1200},{"modality":"TEXT","tokenCount":320}],
          "responseTokensDetails":[{"modality":"AUDIO","tokenCount":310}]}}
        """);

    public Task InterruptedAsync() => SendAsync("""{"serverContent":{"interrupted":true}}""");

    public Task ToolCallAsync(string id, string name, string argsJson) =>
        SendAsync("{\"toolCall\":{\"functionCalls\":[{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"args\":" + argsJson + "}]}}");

    public Task ResumptionUpdateAsync(string handle) => SendAsync("{\"sessionResumptionUpdate\":{\"newHandle\":\"" + handle + "\",\"resumable\":true}}");

    public Task GoAwayAsync() => SendAsync("""{"goAway":{"timeLeft":"50s"}}""");

    public Task SendAsync(string json) => SendBinaryAsync(Current, json);

    protected override async Task OnMessageAsync(FakeConnection connection, JsonElement message)
    {
        if (message.TryGetProperty("setup", out _))
        {
            lock (_audioLock)
            {
                _setups.Add(message);
            }

            if (AnswerSetup)
            {
                await SendBinaryAsync(connection, """{"setupComplete":{}}""");
            }
        }
        else if (message.TryGetProperty("realtimeInput", out JsonElement input) && input.TryGetProperty("audio", out JsonElement audio))
        {
            byte[] pcm = Convert.FromBase64String(audio.GetProperty("data").GetString()!);
            lock (_audioLock)
            {
                _audio.Write(pcm);
            }
        }
    }

    protected override Task OnMalformedAsync(FakeConnection connection, string text) =>
        connection.Socket.CloseAsync(WebSocketCloseStatus.InvalidPayloadData, "Invalid JSON payload", CancellationToken.None);

    private static Task SendBinaryAsync(FakeConnection connection, string json) => connection.SendAsync(json, WebSocketMessageType.Binary);
}
