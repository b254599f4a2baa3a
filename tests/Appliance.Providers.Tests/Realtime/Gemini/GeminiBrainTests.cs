using System.Text.Json;
using Appliance.Pipeline.Agents;
using Appliance.Providers.Brain;
using Appliance.Providers.Realtime;
using Appliance.Providers.Realtime.Gemini;
using Appliance.Providers.Tests.Brain.Harness;
using Appliance.Providers.Tests.Realtime.Fakes;
using Appliance.Providers.Tests.Realtime.Harness;

namespace Appliance.Providers.Tests.Realtime.Gemini;

/// <summary>A Gemini Live agent driven by a remote brain: node changes resume the session with a new setup.</summary>
public sealed class GeminiBrainTests : IAsyncLifetime
{
    private const string Greet = """
        {"system_prompt":"You are the clinic receptionist.","node_id":"greet","say":"Good morning, clinic reception.",
         "tools":[{"name":"book_appointment","description":"Book an appointment.","parameters":{"type":"object","properties":{"name":{"type":"string"}}}}]}
        """;

    private readonly FakeGeminiLiveServer _model = new();
    private readonly RecordingCallActions _actions = new();
    private FakeBrainRig _brain = null!;

    public async Task InitializeAsync()
    {
        await _model.StartAsync();
        _brain = await FakeBrainRig.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task The_setup_carries_the_brain_session_and_the_opening_line_is_a_client_turn()
    {
        Script(toolCall: """{"action":"stay"}""");
        await using AgentHarness call = await StartAsync();

        JsonElement setup = (await _model.WaitForAsync(m => m.TryGetProperty("setup", out _))).GetProperty("setup");
        Assert.Equal("You are the clinic receptionist.", setup.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal(["book_appointment", "end_call", "transfer_call"], FunctionNames(setup));
        Assert.Equal("OBJECT", setup.GetProperty("tools")[0].GetProperty("functionDeclarations")[0].GetProperty("parameters").GetProperty("type").GetString());
        JsonElement opening = await _model.WaitForAsync(m => m.TryGetProperty("clientContent", out _));
        Assert.EndsWith(": Good morning, clinic reception.", opening.GetProperty("clientContent").GetProperty("turns")[0].GetProperty("parts")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("gemini", _brain.Server.Requests.Single(r => r.Path == "/session").Json.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task A_transition_resumes_the_session_with_the_new_node_at_the_first_resumable_point_after_the_tool_response()
    {
        Script(toolCall: """
            {"action":"transition","node_id":"confirm","system_prompt":"Read the booking back to Ann.","say":"Let me read that back.",
             "tools":[{"name":"confirm_booking","description":"Confirm.","parameters":{"type":"object","properties":{"confirmed":{"type":"boolean"}}}}]}
            """);
        await using AgentHarness call = await StartAsync();
        await _model.WaitForAsync(m => m.TryGetProperty("clientContent", out _));
        await _model.ResumptionUpdateAsync("handle-before");
        await Eventually.TrueAsync(() => ((GeminiLiveAgent)call.Agent).ResumptionHandle == "handle-before", "first handle kept");

        await _model.ToolCallAsync("fc-1", "book_appointment", """{"name":"Ann"}""");

        JsonElement response = (await _model.WaitForAsync(m => m.TryGetProperty("toolResponse", out _))).GetProperty("toolResponse").GetProperty("functionResponses")[0];
        Assert.Equal("fc-1", response.GetProperty("id").GetString());
        Assert.True(response.GetProperty("response").GetProperty("ok").GetBoolean());
        Assert.Equal("Let me read that back.", response.GetProperty("response").GetProperty("say_exactly").GetString());
        Assert.Equal(1, _model.ConnectionCount);

        // The model answers the result under the old node; the next resumable point carries the new one over.
        await _model.ModelAudioAsync(TestAudio.ToBytes(TestAudio.Sine(24000, 100)));
        await _model.TurnCompleteAsync();
        await _model.ResumptionUpdateAsync("handle-after");

        await _model.WaitForConnectionAsync(2);
        await Eventually.TrueAsync(() => _model.Setups.Count == 2, "the new setup");
        JsonElement setup = _model.Setups[1].GetProperty("setup");
        Assert.Equal("handle-after", setup.GetProperty("sessionResumption").GetProperty("handle").GetString());
        Assert.Equal("Read the booking back to Ann.", setup.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal(["confirm_booking", "end_call", "transfer_call"], FunctionNames(setup));

        // The conversation goes on: caller audio reaches the resumed session, the opening is not repeated.
        int before = _model.ReceivedAudio.Length;
        call.Feed(TestAudio.Sine(16000, 100));
        await Eventually.TrueAsync(() => _model.ReceivedAudio.Length >= before + 3200, "caller audio after the node change");
        Assert.Single(_model.Received, m => m.TryGetProperty("clientContent", out _));
        Assert.Null(call.Agent.EndReason);
    }

    [Fact]
    public async Task End_says_the_goodbye_in_the_reply_to_the_result_and_hangs_up_once_it_played()
    {
        Script(toolCall: """{"action":"end","node_id":"done","say":"Goodbye!","finished":true}""");
        await using AgentHarness call = await StartAsync();
        await _model.WaitForAsync(m => m.TryGetProperty("clientContent", out _));

        await _model.ToolCallAsync("fc-9", "book_appointment", "{}");
        JsonElement response = await _model.WaitForAsync(m => m.TryGetProperty("toolResponse", out _));
        Assert.Equal("Goodbye!", response.GetProperty("toolResponse").GetProperty("functionResponses")[0].GetProperty("response").GetProperty("say_exactly").GetString());

        // A turn ending without the reply's audio does not count; the reply's end does.
        await _model.TurnCompleteAsync();
        await _model.ModelAudioAsync(TestAudio.ToBytes(TestAudio.Sine(24000, 300)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 4800 - 32, "goodbye queued");
        Assert.Null(call.Agent.EndReason);
        await _model.TurnCompleteAsync();
        await Eventually.TrueAsync(() => call.Agent.EndReason is not null, "the agent ends the call");
        Assert.Empty(_actions.Hangups);

        call.Play(25);

        await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["the brain ended the call"], _actions.Hangups);
        Assert.Equal(1, _model.ConnectionCount);
    }

    private static string[] FunctionNames(JsonElement setup) =>
        [.. setup.GetProperty("tools")[0].GetProperty("functionDeclarations").EnumerateArray().Select(d => d.GetProperty("name").GetString()!)];

    private void Script(string toolCall) =>
        _brain.Server.Respond = r => Task.FromResult(FakeBrainReply.Ok(r.Path switch
        {
            "/session" => Greet,
            "/tool-call" => toolCall,
            _ => "{}",
        }));

    private Task<AgentHarness> StartAsync() =>
        AgentHarness.StartAsync(
            new RealtimeAgentOptions
            {
                Provider = "gemini",
                Model = "gemini-live-test",
                Instructions = "Configured instructions the brain replaces.",
                ApiKey = "AIza-test",
                Endpoint = _model.Endpoint,
            },
            services: new RealtimeAgentServices { Brain = _brain.Client },
            call: new CallInfo { CallId = "call-g", From = "+15550100", To = "+15550199" },
            actions: _actions);
}
