using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Interop.Tests.Infrastructure;
using Appliance.Providers.Tests.Realtime.Fakes;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>
/// The binary answering calls with a Gemini Live agent whose provider is the in-process fake (BidiGenerateContent,
/// JSON in binary frames): caller audio goes up as 16 kHz PCM, model audio comes back at 24 kHz, the line is PCMU.
/// One call comes from baresip (a real softphone), the others from SIPp with the test's own RTP socket.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class GeminiLiveCallTests(ITestOutputHelper output) : FakeProviderCallTest(output)
{
    private const string Model = "gemini-2.5-flash-native-audio-preview-12-2025";

    private readonly FakeGeminiLiveServer _server = new();

    private protected override FakeRealtimeServer Provider => _server;

    [Fact]
    public async Task Baresip_caller_is_heard_by_the_model_at_16_kHz_and_hears_its_24_kHz_reply()
    {
        const string Reply = "Sure. Which order is it?";
        string speech = await Clips.WavAsync("Can you check my order, please?", 8000);
        string input = await TestAudio.ComposeAsync(Clips.Directory, "input", 8000, 0.5, speech, 5.0);
        short[] reply = await Clips.PcmAsync(Reply, 24000);
        await using var appliance = await StartAsync();
        var call = Baresip.CallAsync(appliance, input, seconds: 7);

        JsonElement setup = (await SetupAsync(appliance)).GetProperty("setup");
        Assert.Equal("models/" + Model, setup.GetProperty("model").GetString());
        Assert.Equal("You are the receptionist of a test clinic.", setup.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Contains("key=" + RealtimeAppliance.ApiKey, _server.Current.Query, StringComparison.Ordinal);

        await _server.ModelAudioAsync(SpeechClips.Bytes(reply));
        await _server.OutputTranscriptAsync(Reply);
        await _server.TurnCompleteAsync();
        BaresipRecording recording = await call;

        // What baresip heard is the reply, resampled 24 kHz → 8 kHz by the appliance and carried as PCMU.
        double heard = AudioMatch.Similarity(await Clips.PcmAsync(Reply, 8000), recording.Received, 8000);

        // What the model got is the caller's speech at 16 kHz; every other sample is back at the line's 8 kHz.
        short[] toModel = SpeechClips.Samples(_server.ReceivedAudio);
        short[] toModelAt8k = new short[toModel.Length / 2];
        for (int i = 0; i < toModelAt8k.Length; i++)
        {
            toModelAt8k[i] = toModel[2 * i];
        }

        TimeSpan spokeFrom = StereoRecording.FirstActive(recording.Sent, 8000, TimeSpan.Zero)!.Value;
        TimeSpan spokeTo = StereoRecording.EndOfActivity(recording.Sent, 8000, spokeFrom, TimeSpan.FromMilliseconds(400))!.Value;
        short[] spoken = recording.Sent[(int)(spokeFrom.TotalSeconds * 8000)..(int)(spokeTo.TotalSeconds * 8000)];
        double sent = AudioMatch.Similarity(spoken, toModelAt8k, 8000);
        Output.WriteLine($"similarity: reply as baresip heard it {heard:F3}; caller speech as the model got it {sent:F3} ({toModel.Length / 16} ms of audio at 16 kHz)");
        Assert.True(heard > 0.8, $"reply similarity {heard:F3}");
        Assert.True(sent > 0.8, $"caller speech similarity {sent:F3}");
        Assert.Matches(@"Call ended: \w+, by caller", appliance.Output);
    }

    [Fact]
    public async Task Tool_call_is_answered_with_a_tool_response_carrying_its_id()
    {
        await using var appliance = await StartAsync(agent => agent.With("tools", JsonNode.Parse(LookupOrderTool)));
        var call = SippCaller.CallerHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(4));

        JsonElement setup = (await SetupAsync(appliance)).GetProperty("setup");
        string[] tools = [.. setup.GetProperty("tools")[0].GetProperty("functionDeclarations").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
        Assert.Contains("lookup_order", tools);
        Assert.Contains("end_call", tools);

        await _server.ToolCallAsync("function-call-17", "lookup_order", """{"order":"A-17"}""");
        JsonElement response = (await Poll.ForAsync(_server.WaitForAsync(m => m.TryGetProperty("toolResponse", out _)), "toolResponse", appliance))
            .GetProperty("toolResponse").GetProperty("functionResponses")[0];
        Output.WriteLine($"toolResponse: {response.GetRawText()}");
        Assert.Equal("function-call-17", response.GetProperty("id").GetString());
        Assert.Equal("lookup_order", response.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, response.GetProperty("response").ValueKind);

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Interrupted_stops_the_model_audio_within_three_packets()
    {
        await using var appliance = await StartAsync();
        var call = SippCaller.CallerHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(6));
        await SetupAsync(appliance);
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        int before = Rtp.Received.Count;
        await _server.ModelAudioAsync(SpeechClips.Bytes(SpeechClips.Tone(24000, 4000)));
        await Poll.UntilAsync(() => AudioMatch.LoudFrames(Rtp.ReceivedAudio(before)) >= 50, "1 s of the model's audio played", appliance);
        long interruptedAt = Stopwatch.GetTimestamp();
        await _server.InterruptedAsync();
        await Task.Delay(500);

        IReadOnlyList<ReceivedRtp> packets = Rtp.Received;
        int loudAfter = 0;
        for (int i = before; i < packets.Count; i++)
        {
            if (packets[i].ArrivedAt > interruptedAt && AudioMatch.LoudFrames(packets[i].Payload) > 0)
            {
                loudAfter++;
            }
        }

        int loud = AudioMatch.LoudFrames(Rtp.ReceivedAudio(before));
        Output.WriteLine($"model audio packets: {loud} played of 200, {loudAfter} after 'interrupted' was sent");
        Assert.InRange(loudAfter, 0, 3);
        Assert.InRange(loud, 50, 120);

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Dropped_connection_resumes_the_session_with_the_latest_handle_and_the_call_goes_on()
    {
        await using var appliance = await StartAsync();
        var call = SippCaller.CallerHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(6));
        await SetupAsync(appliance);
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(ResumptionHandle(_server.Setups[0]).ValueKind is JsonValueKind.Null or JsonValueKind.Undefined, "a new session has no handle");

        await _server.ResumptionUpdateAsync("handle-1");
        await _server.ResumptionUpdateAsync("handle-2");
        await Task.Delay(100);
        _server.Current.Abort();

        await Poll.ForAsync(_server.WaitForConnectionAsync(2), "a second connection", appliance);
        await Poll.UntilAsync(() => _server.Setups.Count == 2, "the second setup", appliance);
        Assert.Equal("handle-2", ResumptionHandle(_server.Setups[1]).GetString());

        int callerAudio = _server.ReceivedAudio.Length;
        int before = Rtp.Received.Count;
        await _server.ModelAudioAsync(SpeechClips.Bytes(SpeechClips.Tone(24000, 1000)));
        await Poll.UntilAsync(() => AudioMatch.LoudFrames(Rtp.ReceivedAudio(before)) >= 40, "model audio after resuming", appliance);
        await Poll.UntilAsync(() => _server.ReceivedAudio.Length > callerAudio + 16000, "caller audio after resuming", appliance);

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("resuming session for call", appliance.Output, StringComparison.Ordinal);
        Assert.Matches(@"Call ended: \w+, by caller", appliance.Output);
    }

    [Fact]
    public async Task Provider_that_never_completes_the_setup_is_hung_up_after_the_setup_timeout()
    {
        _server.AnswerSetup = false;
        await using var appliance = await StartAsync(agent => agent.With("setupTimeoutMs", 1500));
        await AssertHungUpAfterSetupTimeoutAsync(appliance, SetupAsync, "setup");
    }

    [Fact]
    public async Task Malformed_messages_are_logged_and_the_call_goes_on()
    {
        await using var appliance = await StartAsync();
        var call = SippCaller.CallerHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(5));
        await SetupAsync(appliance);
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        await _server.SendAsync("{\"serverContent\":{\"modelTurn\":");
        await _server.SendAsync("\"just a string\"");
        await _server.SendAsync("""{"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":123}}]}}}""");
        await _server.SendAsync("""{"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"%%%"}}]}}}""");
        await _server.SendAsync("""{"toolCall":{"functionCalls":"not a list"}}""");
        await _server.SendAsync("""{"sessionResumptionUpdate":{"newHandle":42,"resumable":"yes"}}""");
        await _server.Current.SendAsync("\u0000\u00ff garbage", WebSocketMessageType.Text);

        int before = Rtp.Received.Count;
        await _server.ModelAudioAsync(SpeechClips.Bytes(SpeechClips.Tone(24000, 1000)));
        await Poll.UntilAsync(() => AudioMatch.LoudFrames(Rtp.ReceivedAudio(before)) >= 40, "valid model audio after the malformed messages", appliance);
        await AssertCallSurvivedMalformedMessagesAsync(appliance, call);
    }

    private Task<ApplianceProcess> StartAsync(Action<JsonObject>? configure = null)
    {
        JsonObject agent = RealtimeAppliance.Agent("gemini", _server.Endpoint).With("model", Model);
        configure?.Invoke(agent);
        return RealtimeAppliance.StartAsync(Clips.Directory, agent);
    }

    private Task<JsonElement> SetupAsync(ApplianceProcess appliance) =>
        Poll.ForAsync(_server.WaitForAsync(m => m.TryGetProperty("setup", out _)), "setup", appliance);

    private static JsonElement ResumptionHandle(JsonElement setup) =>
        setup.GetProperty("setup").TryGetProperty("sessionResumption", out JsonElement resumption) && resumption.TryGetProperty("handle", out JsonElement handle)
            ? handle
            : default;
}
