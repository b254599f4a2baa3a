using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Interop.Tests.Infrastructure;
using Appliance.Providers.Tests.Realtime.Fakes;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>
/// The binary answering SIPp calls with an OpenAI Realtime agent whose provider is the in-process fake (GA event
/// schema), on PCMU end to end; the caller's media is the test's own RTP socket, so both directions are checked byte
/// for byte and timed.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class OpenAiRealtimeCallTests(ITestOutputHelper output) : FakeProviderCallTest(output)
{
    private readonly FakeOpenAiRealtimeServer _server = new();

    private protected override FakeRealtimeServer Provider => _server;

    [Fact]
    public async Task Caller_speech_reaches_the_model_and_its_spoken_reply_reaches_the_caller()
    {
        byte[] question = await Clips.UlawAsync("Can you check my order, please?");
        byte[] reply = await Clips.UlawAsync("Sure. Which order is it?");
        await using var appliance = await StartAsync();
        var call = SippCaller.CallerHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(9));

        JsonElement session = (await SessionUpdateAsync(appliance)).GetProperty("session");
        Assert.Equal("realtime", session.GetProperty("type").GetString());
        Assert.Equal("You are the receptionist of a test clinic.", session.GetProperty("instructions").GetString());
        Assert.Equal("audio/pcmu", session.GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal("audio/pcmu", session.GetProperty("audio").GetProperty("output").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal("Bearer " + RealtimeAppliance.ApiKey, _server.Current.Headers["Authorization"]);
        Assert.Contains("model=gpt-realtime", _server.Current.Query, StringComparison.Ordinal);

        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));
        await Rtp.SayAsync(question);
        int frames = question.Length / RtpPeer.FrameBytes;
        await Poll.UntilAsync(() => Ulaw.FramesFound(_server.AppendedAudio, question, exact: false) >= frames * 9 / 10, "the caller's question in input_audio_buffer.append", appliance);

        await _server.SpeechStartedAsync(500);
        await _server.SpeechStoppedAsync(1800);
        await _server.InputTranscriptAsync("Can you check my order, please?");
        int before = Rtp.Received.Count;
        await _server.RespondAsync("resp_1", "item_A1", reply, "Sure. Which order is it?");
        await Poll.UntilAsync(() => Ulaw.Find(Rtp.ReceivedAudio(before), reply) >= 0, "the model's reply in the caller's RTP", appliance);

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("answered by agent assistant (PCMU)", appliance.Output, StringComparison.Ordinal);
        Assert.Matches(@"Call ended: \w+, by caller", appliance.Output);
    }

    [Fact]
    public async Task Function_call_is_answered_with_its_output_and_a_new_response()
    {
        await using var appliance = await StartAsync(agent => agent.With("tools", JsonNode.Parse(LookupOrderTool)));
        var call = SippCaller.CallerHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(4));

        JsonElement session = (await SessionUpdateAsync(appliance)).GetProperty("session");
        string[] tools = [.. session.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
        Assert.Contains("lookup_order", tools);
        Assert.Contains("end_call", tools);
        Assert.All(session.GetProperty("tools").EnumerateArray(), t => Assert.Equal("function", t.GetProperty("type").GetString()));

        await _server.ResponseCreatedAsync("resp_1");
        await _server.FunctionCallAsync("resp_1", "call_17", "lookup_order", """{"order":"A-17"}""");
        await _server.ResponseDoneAsync("resp_1");

        JsonElement item = (await Poll.ForAsync(
            _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.create") && m.GetProperty("item").GetProperty("type").ValueEquals("function_call_output")),
            "the function_call_output", appliance)).GetProperty("item");
        Assert.Equal("call_17", item.GetProperty("call_id").GetString());
        string toolOutput = item.GetProperty("output").GetString()!;
        Output.WriteLine($"lookup_order output: {toolOutput}");
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(toolOutput).RootElement.ValueKind);

        // The model is asked to go on only after it has the output.
        await Poll.UntilAsync(() => IndexOf(_server.Received, "response.create") > IndexOf(_server.Received, "conversation.item.create"), "response.create after the output", appliance);

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task End_call_tool_hangs_up_after_the_goodbye_has_played()
    {
        byte[] goodbye = await Clips.UlawAsync("Thank you for calling. Goodbye.");
        await using var appliance = await StartAsync();
        var call = SippCaller.ApplianceHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(10));
        await SessionUpdateAsync(appliance);
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        int before = Rtp.Received.Count;
        await _server.ResponseCreatedAsync("resp_1");
        await _server.AudioAsync("resp_1", "item_A1", goodbye);
        await _server.FunctionCallAsync("resp_1", "call_1", "end_call", """{"reason":"the caller said goodbye"}""");
        await _server.ResponseDoneAsync("resp_1");

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(Ulaw.Find(Rtp.ReceivedAudio(before), goodbye) >= 0, "the whole goodbye is played before the BYE");
        Assert.Matches(@"Call ended: \w+, by appliance", appliance.Output);
    }

    [Fact]
    public async Task Transfer_call_tool_refers_the_caller_after_the_announcement_and_hangs_up_once_the_transfer_succeeded()
    {
        byte[] announcement = await Clips.UlawAsync("Let me put you through to the front desk.");
        await using var appliance = await StartAsync(agent => agent.With("transferTargets", new JsonArray("sip:front-desk@*", "+1555123*")));
        var call = Sipp.RunAsync(appliance, SippCaller.Scenario("realtime_transferred.xml"), SipTransport.Udp, extra: ["-key", "rtp_port", Rtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        JsonElement session = (await SessionUpdateAsync(appliance)).GetProperty("session");
        Assert.Contains("transfer_call", session.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        int before = Rtp.Received.Count;
        await _server.ResponseCreatedAsync("resp_1");
        await _server.AudioAsync("resp_1", "item_A1", announcement);
        await _server.FunctionCallAsync("resp_1", "call_9", "transfer_call", """{"target":"sip:front-desk@example.invalid","reason":"wants the front desk"}""");
        await _server.ResponseDoneAsync("resp_1");

        // SIPp checks the REFER's headers, reports the new call's 200 OK in a sipfrag NOTIFY and expects our BYE.
        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output + appliance.Output);
        Assert.True(Ulaw.Find(Rtp.ReceivedAudio(before), announcement) >= 0, "the announcement plays before the REFER");
        Assert.Contains("Transfer to sip:front-desk@example.invalid: 200", appliance.Output, StringComparison.Ordinal);
        Assert.Matches(@"Call ended: \w+, by appliance", appliance.Output);
    }

    [Fact]
    public async Task Barge_in_stops_playout_and_truncates_the_reply_to_what_was_played()
    {
        byte[] reply = await Clips.UlawAsync(
            "Our opening hours are from eight in the morning until six in the evening, Monday to Friday, and on Saturdays from nine until noon.");
        await using var appliance = await StartAsync();
        var call = SippCaller.CallerHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(6));
        await SessionUpdateAsync(appliance);
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        // The whole reply arrives at once, faster than real time, as the real API sends it: the appliance queues it.
        int before = Rtp.Received.Count;
        await _server.ResponseCreatedAsync("resp_1");
        await _server.AudioAsync("resp_1", "item_A1", reply);
        await Poll.UntilAsync(() => PlayedBytes(Rtp.Received, before, reply, long.MaxValue) >= 1500 * 8, "1.5 s of the reply played", appliance);

        await _server.SpeechStartedAsync(2600);
        (JsonElement truncate, long truncatedAt) = await Poll.ForAsync(
            WaitWithTimestampAsync("conversation.item.truncate"), "conversation.item.truncate", appliance);
        Assert.Equal("item_A1", truncate.GetProperty("item_id").GetString());
        Assert.Equal(0, truncate.GetProperty("content_index").GetInt32());
        long audioEndMs = truncate.GetProperty("audio_end_ms").GetInt64();

        // Let anything still in flight arrive, then compare with what the caller's RTP carried.
        await Task.Delay(500);
        long heardByTruncateMs = PlayedBytes(Rtp.Received, before, reply, truncatedAt) / 8;
        long heardMs = PlayedBytes(Rtp.Received, before, reply, long.MaxValue) / 8;
        Output.WriteLine($"reply {reply.Length / 8} ms; audio_end_ms {audioEndMs}; heard over RTP when the truncate arrived {heardByTruncateMs} ms, in all {heardMs} ms");
        Assert.InRange(audioEndMs, heardByTruncateMs - 40, heardByTruncateMs + 40);
        Assert.InRange(heardMs, audioEndMs - 40, audioEndMs + 60);
        Assert.True(heardMs < reply.Length / 8 - 1000, "the rest of the reply is never played");

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Provider_disconnect_plays_the_failure_prompt_then_hangs_up()
    {
        string prompt = await Clips.WavAsync("We are sorry, the assistant is not available. Goodbye.", 8000);
        await using var appliance = await StartAsync(agent => agent.With("failurePrompt", prompt));
        var call = SippCaller.ApplianceHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(10));
        await SessionUpdateAsync(appliance);
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        int before = Rtp.Received.Count;
        _server.Current.Abort();

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
        short[] expected = Wav.ReadMono16(prompt).Samples;
        double similarity = AudioMatch.Similarity(expected, Ulaw.Decode(Rtp.ReceivedAudio(before)), 8000);
        Output.WriteLine($"failure prompt as heard: similarity {similarity:F3}");
        Assert.True(similarity > 0.9, $"the prompt is heard before the BYE (similarity {similarity:F3})");
        Assert.Contains("failed for call", appliance.Output, StringComparison.Ordinal);
        Assert.Matches(@"Call ended: \w+, by appliance", appliance.Output);
    }

    [Fact]
    public async Task Provider_disconnect_without_a_prompt_hangs_up_at_once()
    {
        await using var appliance = await StartAsync();
        var call = SippCaller.ApplianceHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(10));
        await SessionUpdateAsync(appliance);
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        long abortedAt = Stopwatch.GetTimestamp();
        _server.Current.Abort();

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
        TimeSpan silentFor = Stopwatch.GetElapsedTime(abortedAt, Rtp.Received[^1].ArrivedAt);
        Output.WriteLine($"RTP stopped {silentFor.TotalMilliseconds:F0} ms after the provider dropped");
        Assert.True(silentFor < TimeSpan.FromSeconds(2), $"the call ended {silentFor.TotalMilliseconds:F0} ms after the provider dropped");
        Assert.Matches(@"Call ended: \w+, by appliance", appliance.Output);
    }

    [Fact]
    public async Task Provider_that_never_confirms_the_setup_is_hung_up_after_the_setup_timeout()
    {
        _server.AnswerSetup = false;
        await using var appliance = await StartAsync(agent => agent.With("setupTimeoutMs", 1500));
        await AssertHungUpAfterSetupTimeoutAsync(appliance, SessionUpdateAsync, "session.update");
    }

    [Fact]
    public async Task Malformed_events_are_logged_and_the_call_goes_on()
    {
        byte[] reply = await Clips.UlawAsync("I am still here.");
        await using var appliance = await StartAsync();
        var call = SippCaller.CallerHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(5));
        await SessionUpdateAsync(appliance);
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        FakeConnection connection = _server.Current;
        await connection.SendAsync("{\"type\":\"response.output_audio.delta\",\"delta\":");
        await connection.SendAsync("[1,2,3]");
        await connection.SendAsync("""{"type":"response.output_audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":12}""");
        await connection.SendAsync("""{"type":"response.output_audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"%%%not base64%%%"}""");
        await connection.SendAsync("""{"type":"response.done","response":"not an object"}""");
        await connection.SendAsync("""{"type":"input_audio_buffer.speech_started","audio_start_ms":"soon"}""");
        await connection.SendAsync("\u0000\u00ff garbage", WebSocketMessageType.Binary);

        int before = Rtp.Received.Count;
        await _server.RespondAsync("resp_1", "item_A1", reply, "I am still here.");
        await Poll.UntilAsync(() => Ulaw.Find(Rtp.ReceivedAudio(before), reply) >= 0, "a valid reply after the malformed events", appliance);
        await AssertCallSurvivedMalformedMessagesAsync(appliance, call);
    }

    private Task<ApplianceProcess> StartAsync(Action<JsonObject>? configure = null)
    {
        JsonObject agent = RealtimeAppliance.Agent("openai", _server.Endpoint);
        configure?.Invoke(agent);
        return RealtimeAppliance.StartAsync(Clips.Directory, agent);
    }

    private Task<JsonElement> SessionUpdateAsync(ApplianceProcess appliance) =>
        Poll.ForAsync(_server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update")), "session.update", appliance);

    private async Task<(JsonElement Message, long Timestamp)> WaitWithTimestampAsync(string type)
    {
        JsonElement message = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, type));
        foreach ((JsonElement received, long timestamp) in _server.ReceivedWithTimestamps)
        {
            if (FakeOpenAiRealtimeServer.IsType(received, type))
            {
                return (message, timestamp);
            }
        }

        throw new InvalidOperationException($"{type} is missing from the timeline");
    }

    private static int IndexOf(IReadOnlyList<JsonElement> messages, string type)
    {
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            if (FakeOpenAiRealtimeServer.IsType(messages[i], type))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Bytes of <paramref name="reply"/> the caller received, from its start, in packets that arrived by <paramref name="until"/>.</summary>
    private static int PlayedBytes(IReadOnlyList<ReceivedRtp> packets, int from, byte[] reply, long until)
    {
        var audio = new MemoryStream();
        for (int i = from; i < packets.Count && packets[i].ArrivedAt <= until; i++)
        {
            audio.Write(packets[i].Payload);
        }

        byte[] heard = audio.ToArray();
        int start = Ulaw.Find(heard, reply.AsSpan(0, RtpPeer.FrameBytes));
        return start < 0 ? 0 : Ulaw.MatchingPrefix(heard.AsSpan(start), reply);
    }
}
