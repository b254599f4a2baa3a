using System.Text.Json;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Runtime;
using Appliance.Providers.Brain;
using Appliance.Providers.Realtime;
using Appliance.Providers.Tests.Brain.Harness;
using Appliance.Providers.Tests.Realtime.Fakes;
using Appliance.Providers.Tests.Realtime.Harness;

namespace Appliance.Providers.Tests.Realtime.OpenAi;

/// <summary>An OpenAI realtime agent driven by a remote brain: the fake model and the fake brain on loopback, the call layer a recording double.</summary>
public sealed class OpenAiBrainTests : IAsyncLifetime
{
    private const string Greet = """
        {"system_prompt":"You are the clinic receptionist.","node_id":"greet","collected_vars":{"caller":"+15550100"},
         "say":"Good morning, clinic reception.",
         "tools":[{"name":"book_appointment","description":"Book an appointment.","parameters":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}]}
        """;

    private readonly FakeOpenAiRealtimeServer _model = new();
    private readonly BrainMetrics _brainMetrics = new();
    private readonly RecordingCallActions _actions = new();
    private FakeBrainRig _brain = null!;

    public async Task InitializeAsync()
    {
        await _model.StartAsync();
        _brain = await FakeBrainRig.StartAsync(
            // Long enough for a cold first request (Kestrel and HttpClient start up in this process), short enough that
            // the brain-timeout test stays quick.
            options => options with { Timeout = TimeSpan.FromSeconds(3), FailureMessage = "The booking system is down." },
            _brainMetrics);
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        await _model.DisposeAsync();
        _brainMetrics.Dispose();
    }

    [Fact]
    public async Task The_brain_session_sets_instructions_tools_and_opening_line_from_the_call_info()
    {
        Script(toolCall: null);
        var info = new CallInfo
        {
            CallId = "call-1",
            From = "+15550100",
            To = "+15550199",
            Direction = CallDirection.Outbound,
            Trunk = "carrier",
            Headers = [new("X-Customer-Id", "42"), new("X-Tag", "a"), new("X-Tag", "b")],
            Variables = new Dictionary<string, string> { ["campaign"] = "reminders" },
            Codec = "PCMU",
        };
        await using AgentHarness call = await StartAsync(info);

        JsonElement session = (await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"))).GetProperty("session");
        Assert.Equal("You are the clinic receptionist.", session.GetProperty("instructions").GetString());
        Assert.Equal(["book_appointment", "end_call", "transfer_call"], ToolNames(session));
        Assert.Equal("object", session.GetProperty("tools")[0].GetProperty("parameters").GetProperty("type").GetString());
        JsonElement opening = await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));
        Assert.EndsWith(": Good morning, clinic reception.", opening.GetProperty("response").GetProperty("instructions").GetString(), StringComparison.Ordinal);

        JsonElement request = _brain.Server.Requests.Single(r => r.Path == "/session").Json;
        JsonElement sent = request.GetProperty("call");
        Assert.Equal("call-1", sent.GetProperty("id").GetString());
        Assert.Equal("+15550100", sent.GetProperty("from").GetString());
        Assert.Equal("+15550199", sent.GetProperty("to").GetString());
        Assert.Equal("outbound", sent.GetProperty("direction").GetString());
        Assert.Equal("carrier", sent.GetProperty("trunk").GetString());
        Assert.Equal("42", sent.GetProperty("headers").GetProperty("X-Customer-Id").GetString());
        Assert.Equal("a, b", sent.GetProperty("headers").GetProperty("X-Tag").GetString());
        Assert.Equal("reminders", sent.GetProperty("variables").GetProperty("campaign").GetString());
        Assert.Equal("openai", request.GetProperty("provider").GetString());
        FakeBrainRequest started = await WaitForEventAsync("started");
        Assert.Equal("call-1", started.Json.GetProperty("call_id").GetString());
    }

    [Fact]
    public async Task A_transition_updates_the_session_before_the_result_and_the_reply_follows_it()
    {
        using var decisions = new BrainMetricsListener(_brainMetrics);
        Script(toolCall: """
            {"action":"transition","node_id":"confirm","system_prompt":"Read the booking back to Ann.",
             "tools":[{"name":"confirm_booking","description":"Confirm.","parameters":{"type":"object","properties":{"confirmed":{"type":"boolean"}}}}],
             "collected_vars":{"name":"Ann"},"result":{"ok":true,"slot":"14:30"}}
            """);
        await using AgentHarness call = await StartAsync();
        await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));

        await _model.FunctionCallAsync("resp_1", "call_B", "book_appointment", """{"name":"Ann"}""");
        await _model.ResponseDoneAsync("resp_1");
        await _model.WaitForAsync(m => IsFunctionOutput(m, "call_B"));
        await Eventually.TrueAsync(() => _model.Received.Count(m => FakeOpenAiRealtimeServer.IsType(m, "response.create")) == 2, "the reply to the result");

        List<JsonElement> received = [.. _model.Received];
        int update = received.FindLastIndex(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        int output = received.FindIndex(m => IsFunctionOutput(m, "call_B"));
        int reply = received.FindLastIndex(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));
        Assert.True(update < output && output < reply, $"session.update {update}, output {output}, response.create {reply}");
        JsonElement session = received[update].GetProperty("session");
        Assert.Equal("Read the booking back to Ann.", session.GetProperty("instructions").GetString());
        Assert.Equal(["confirm_booking", "end_call", "transfer_call"], ToolNames(session));
        Assert.Equal("realtime", session.GetProperty("type").GetString());
        Assert.False(session.TryGetProperty("audio", out _));
        Assert.False(received[reply].TryGetProperty("response", out _));
        Assert.Equal("""{"ok":true,"slot":"14:30"}""", received[output].GetProperty("item").GetProperty("output").GetString());

        JsonElement toolCall = _brain.Server.Requests.Single(r => r.Path == "/tool-call").Json;
        Assert.Equal("greet", toolCall.GetProperty("node_id").GetString());
        Assert.Equal("book_appointment", toolCall.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("Ann", toolCall.GetProperty("tool").GetProperty("args").GetProperty("name").GetString());
        Assert.Equal("confirm", call.Agent.Conversation!.NodeId);
        Assert.Equal(1, decisions.Total("appliance.brain.decisions", "action=transition"));
    }

    [Fact]
    public async Task A_say_is_the_reply_to_the_result()
    {
        Script(toolCall: """{"action":"stay","say":"We have a slot at 15:00 instead.","result":{"ok":false}}""");
        await using AgentHarness call = await StartAsync();
        await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));

        await _model.FunctionCallAsync("resp_1", "call_B", "book_appointment", """{"name":"Ann"}""");
        await _model.ResponseDoneAsync("resp_1");

        JsonElement reply = await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create") && Instructions(m).Contains("15:00", StringComparison.Ordinal));
        Assert.EndsWith(": We have a slot at 15:00 instead.", Instructions(reply), StringComparison.Ordinal);
        Assert.Equal(1, _model.Received.Count(m => FakeOpenAiRealtimeServer.IsType(m, "session.update")));
        Assert.Equal(2, _model.Received.Count(m => FakeOpenAiRealtimeServer.IsType(m, "response.create")));
        Assert.False(call.Completion.IsCompleted);
    }

    [Fact]
    public async Task End_speaks_the_goodbye_and_hangs_up_once_it_has_played()
    {
        Script(toolCall: """{"action":"end","node_id":"done","say":"Your appointment is booked. Goodbye!","finished":true}""");
        await using AgentHarness call = await StartAsync();
        await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));

        await _model.FunctionCallAsync("resp_1", "call_C", "book_appointment", """{"name":"Ann"}""");
        await _model.ResponseDoneAsync("resp_1");
        JsonElement goodbye = await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create") && Instructions(m).Contains("Goodbye!", StringComparison.Ordinal));
        string metadata = goodbye.GetProperty("response").GetProperty("metadata").GetRawText();

        // The model speaks the goodbye; nothing hangs up before the reply is done and played.
        await _model.ResponseCreatedAsync("resp_2");
        await _model.AudioAsync("resp_2", "item_bye", TestAudio.ToBytes(TestAudio.Sine(24000, 300)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 4800 - 32, "goodbye queued");
        await _model.ResponseDoneAsync("resp_2", metadataJson: metadata);
        await Eventually.TrueAsync(() => call.Agent.EndReason is not null, "the agent ends the call");
        Assert.Empty(_actions.Hangups);
        Assert.False(call.Completion.IsCompleted);

        short[] played = call.Play(25);

        await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["the brain ended the call"], _actions.Hangups);
        Assert.InRange(TestAudio.Rms(played.AsSpan(320, 4000)), 5000, 6300);
        Assert.True(call.Agent.Conversation!.Finished);
    }

    [Fact]
    public async Task Transfer_sends_dtmf_says_the_text_refers_once_it_played_and_reports_a_failure_to_the_model()
    {
        var actions = new RecordingCallActions(new TransferOutcome(false, 486, "Busy Here"));
        Script(toolCall: """{"action":"transfer","transfer_to":"sip:desk@pbx.example","say":"Connecting you now.","dtmf":"123#"}""");
        await using AgentHarness call = await StartAsync(actions: actions);
        long queuedAtTransfer = -1;
        actions.OnTransfer = () => queuedAtTransfer = call.Port.QueuedOutboundSamples;
        await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));

        await _model.FunctionCallAsync("resp_1", "call_T", "book_appointment", """{"name":"Ann"}""");
        await _model.ResponseDoneAsync("resp_1");
        JsonElement say = await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create") && Instructions(m).Contains("Connecting you now.", StringComparison.Ordinal));
        Assert.Equal(["123#"], actions.Dtmf);

        await _model.ResponseCreatedAsync("resp_2");
        await _model.AudioAsync("resp_2", "item_say", TestAudio.ToBytes(TestAudio.Sine(24000, 200)));
        await _model.ResponseDoneAsync("resp_2", metadataJson: say.GetProperty("response").GetProperty("metadata").GetRawText());
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples > 0, "the say queued");
        call.Play(40);

        await Eventually.TrueAsync(() => actions.Transfers.Count == 1, "transfer asked of the call layer");
        Assert.Equal(["sip:desk@pbx.example"], actions.Transfers);
        Assert.Equal(0, queuedAtTransfer);
        JsonElement note = await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.create") && m.GetProperty("item").TryGetProperty("role", out JsonElement role) && role.ValueEquals("system"));
        Assert.Contains("486 Busy Here", note.GetProperty("item").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        await Eventually.TrueAsync(() => _model.Received.Count(m => FakeOpenAiRealtimeServer.IsType(m, "response.create")) == 3, "the model answers the failed transfer");
        Assert.Empty(actions.Hangups);
        Assert.False(call.Completion.IsCompleted);
    }

    [Fact]
    public async Task An_accepted_transfer_ends_the_call_and_the_brain_hears_it_was_transferred()
    {
        Script(toolCall: """{"action":"transfer","transfer_to":"+15550123"}""");
        var ended = new TaskCompletionSource<CallOutcome>();
        await using AgentHarness call = await StartAsync(ended: ended.Task);
        await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));

        await _model.FunctionCallAsync("resp_1", "call_T", "book_appointment", "{}");
        await _model.ResponseDoneAsync("resp_1");

        await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["+15550123"], _actions.Transfers);
        Assert.Equal(["transferred to +15550123"], _actions.Hangups);
        ended.SetResult(new CallOutcome("LocalHangup", ByRemote: false, TimeSpan.FromSeconds(12), null, null));
        FakeBrainRequest end = await WaitForEventAsync("ended");
        Assert.Equal("transferred", end.Json.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Lifecycle_events_report_started_dtmf_and_the_end_with_outcome_duration_paths_and_usage()
    {
        Script(toolCall: null);
        var ended = new TaskCompletionSource<CallOutcome>();
        using var metrics = new ProviderMetrics();
        using var tokens = new MetricsListener(metrics);
        await using AgentHarness call = await StartAsync(ended: ended.Task, metrics: metrics);
        await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));

        call.Port.WriteDtmf('5');
        FakeBrainRequest dtmf = await WaitForEventAsync("dtmf");
        Assert.Equal("5", dtmf.Json.GetProperty("digit").GetString());
        Assert.DoesNotContain(_model.Received, m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.create"));

        await _model.RespondAsync("resp_1", "item_A1", TestAudio.ToBytes(TestAudio.Sine(24000, 100)), "Hello.");
        await _model.RespondAsync("resp_2", "item_A2", TestAudio.ToBytes(TestAudio.Sine(24000, 100)), "Bye.");
        await Eventually.TrueAsync(() => call.Agent.Usage.GetValueOrDefault("output_audio") == 490, "usage of both responses");
        await call.Task.CancelAsync("the caller hung up");
        Assert.Contains(("output_audio", 490L), tokens.CallTokens);
        Assert.Contains(("input_text", 2400L), tokens.CallTokens);
        Assert.Empty(_actions.Hangups);
        ended.SetResult(new CallOutcome("RemoteHangup", ByRemote: true, TimeSpan.FromSeconds(62.0041), "/var/calls/c.wav", "/var/calls/c.jsonl"));

        JsonElement end = (await WaitForEventAsync("ended")).Json;
        Assert.Equal("call-1", end.GetProperty("call_id").GetString());
        Assert.Equal("caller_hangup", end.GetProperty("outcome").GetString());
        Assert.Equal(62.004, end.GetProperty("duration_seconds").GetDouble());
        Assert.Equal("/var/calls/c.wav", end.GetProperty("recording_path").GetString());
        Assert.Equal("/var/calls/c.jsonl", end.GetProperty("transcript_path").GetString());
        JsonElement usage = end.GetProperty("usage");
        Assert.Equal(2400, usage.GetProperty("input_text").GetInt64());
        Assert.Equal(736, usage.GetProperty("input_audio").GetInt64());
        Assert.Equal(2048, usage.GetProperty("input_cached").GetInt64());
        Assert.Equal(120, usage.GetProperty("output_text").GetInt64());
        Assert.Equal(490, usage.GetProperty("output_audio").GetInt64());
        Assert.Equal(["started", "dtmf", "ended"], _brain.Server.Requests.Where(r => r.Path == "/events").Select(r => r.Json.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_brain_timeout_stays_tells_the_model_it_failed_and_media_keeps_flowing()
    {
        using var decisions = new BrainMetricsListener(_brainMetrics);
        var never = new TaskCompletionSource<FakeBrainReply>();
        _brain.Server.Respond = r => r.Path == "/tool-call" ? never.Task : Task.FromResult(FakeBrainReply.Ok(r.Path == "/session" ? Greet : "{}"));
        await using AgentHarness call = await StartAsync();
        await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));

        await _model.FunctionCallAsync("resp_1", "call_B", "book_appointment", """{"name":"Ann"}""");
        await _model.ResponseDoneAsync("resp_1");
        await Eventually.TrueAsync(() => _brain.Server.Requests.Any(r => r.Path == "/tool-call"), "the tool call at the brain");

        // While the brain is silent, caller audio still reaches the model and the model's audio still plays.
        int before = _model.AppendedAudio.Length;
        call.Feed(TestAudio.Sine(16000, 200));
        await Eventually.TrueAsync(() => _model.AppendedAudio.Length >= before + 9600 - 96, "caller audio during the brain call");
        await _model.AudioAsync("resp_x", "item_X", TestAudio.ToBytes(TestAudio.Sine(24000, 100)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 1600 - 32, "model audio during the brain call");

        JsonElement output = await _model.WaitForAsync(m => IsFunctionOutput(m, "call_B"));
        Assert.Equal("""{"error":"The booking system is down."}""", output.GetProperty("item").GetProperty("output").GetString());
        await Eventually.TrueAsync(() => _model.Received.Count(m => FakeOpenAiRealtimeServer.IsType(m, "response.create")) == 2, "the model answers the failure");
        Assert.Equal(1, _model.Received.Count(m => FakeOpenAiRealtimeServer.IsType(m, "session.update")));
        Assert.Equal("greet", call.Agent.Conversation!.NodeId);
        Assert.Equal(1, decisions.Total("appliance.brain.failsafe", "endpoint=tool_call"));
        Assert.False(call.Completion.IsCompleted);
    }

    private static bool IsFunctionOutput(JsonElement message, string callId) =>
        FakeOpenAiRealtimeServer.IsType(message, "conversation.item.create")
        && message.GetProperty("item").TryGetProperty("call_id", out JsonElement id) && id.ValueEquals(callId);

    private static string Instructions(JsonElement responseCreate) =>
        responseCreate.TryGetProperty("response", out JsonElement response) && response.TryGetProperty("instructions", out JsonElement text) ? text.GetString()! : "";

    private static string[] ToolNames(JsonElement session) => [.. session.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];

    // /session answers Greet; /tool-call answers toolCall; /events answer 200.
    private void Script(string? toolCall) =>
        _brain.Server.Respond = r => Task.FromResult(FakeBrainReply.Ok(r.Path switch
        {
            "/session" => Greet,
            "/tool-call" => toolCall ?? """{"action":"stay"}""",
            _ => "{}",
        }));

    private Task<AgentHarness> StartAsync(CallInfo? info = null, RecordingCallActions? actions = null, Task<CallOutcome>? ended = null, ProviderMetrics? metrics = null) =>
        AgentHarness.StartAsync(
            new RealtimeAgentOptions
            {
                Provider = "openai",
                Model = "gpt-realtime",
                Instructions = "Configured instructions the brain replaces.",
                Greeting = "A configured greeting the brain's say replaces.",
                ApiKey = "sk-test",
                Endpoint = _model.Endpoint,
                AudioFormat = RealtimeAudioFormat.Pcm16,
            },
            services: new RealtimeAgentServices { Brain = _brain.Client, Metrics = metrics },
            call: info ?? new CallInfo { CallId = "call-1", From = "+15550100", To = "+15550199" },
            actions: actions ?? _actions,
            ended: ended);

    private async Task<FakeBrainRequest> WaitForEventAsync(string type)
    {
        for (int count = 1; ; count++)
        {
            FakeBrainRequest request = await _brain.Server.WaitForRequestsAsync(count);
            if (request.Path == "/events" && request.Json.GetProperty("type").ValueEquals(type))
            {
                return request;
            }
        }
    }
}
