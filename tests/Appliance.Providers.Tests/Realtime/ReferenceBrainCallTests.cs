using System.Text.Json;
using Appliance.Pipeline.Agents;
using Appliance.Providers.Brain;
using Appliance.Providers.Realtime;
using Appliance.Providers.Tests.Brain.Harness;
using Appliance.Providers.Tests.Realtime.Fakes;
using Appliance.Providers.Tests.Realtime.Harness;

namespace Appliance.Providers.Tests.Realtime;

/// <summary>A whole call through the reference brain (deploy/remote-brain/brain.py as a python3 process) and the fake OpenAI model.</summary>
public sealed class ReferenceBrainCallTests : IAsyncLifetime
{
    private readonly FakeOpenAiRealtimeServer _model = new();
    private PythonBrainProcess _brain = null!;

    public async Task InitializeAsync()
    {
        await _model.StartAsync();
        _brain = await PythonBrainProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Receptionist_flow_books_confirms_says_goodbye_hangs_up_and_reports_the_call()
    {
        var actions = new RecordingCallActions();
        var ended = new TaskCompletionSource<CallOutcome>();
        await using (var client = new RemoteBrainClient(new RemoteBrainOptions
        {
            BaseUrl = _brain.BaseUrl,
            Token = PythonBrainProcess.Token,
            SigningSecret = PythonBrainProcess.Secret,
        }))
        {
            await using AgentHarness call = await AgentHarness.StartAsync(
                new RealtimeAgentOptions { Provider = "openai", Model = "gpt-realtime", ApiKey = "sk-test", Endpoint = _model.Endpoint, AudioFormat = RealtimeAudioFormat.Pcm16 },
                services: new RealtimeAgentServices { Brain = client },
                call: new CallInfo { CallId = "call-ref", From = "+15550100", To = "+15550199" },
                actions: actions,
                ended: ended.Task);

            JsonElement greet = (await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"))).GetProperty("session");
            Assert.Contains("Greet the caller", greet.GetProperty("instructions").GetString(), StringComparison.Ordinal);
            Assert.Equal("book_appointment", greet.GetProperty("tools")[0].GetProperty("name").GetString());

            // greet → book_appointment → confirm: the model's session moves to the confirm node.
            await _model.FunctionCallAsync("resp_1", "call_1", "book_appointment", """{"date":"2026-11-24","time":"14:30","name":"Ann"}""");
            await _model.ResponseDoneAsync("resp_1");
            JsonElement confirm = (await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update")
                && m.GetProperty("session").GetProperty("instructions").GetString()!.Contains("Ann on 2026-11-24 at 14:30", StringComparison.Ordinal))).GetProperty("session");
            Assert.Equal("confirm_booking", confirm.GetProperty("tools")[0].GetProperty("name").GetString());

            // confirm → end: the goodbye is spoken, played, then the call hangs up.
            await _model.FunctionCallAsync("resp_2", "call_2", "confirm_booking", """{"confirmed":true}""");
            await _model.ResponseDoneAsync("resp_2");
            JsonElement goodbye = await _model.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create")
                && m.TryGetProperty("response", out JsonElement r) && r.GetProperty("instructions").GetString()!.EndsWith("Your appointment is booked. Goodbye!", StringComparison.Ordinal));
            await _model.ResponseCreatedAsync("resp_3");
            await _model.AudioAsync("resp_3", "item_bye", TestAudio.ToBytes(TestAudio.Sine(24000, 200)));
            await _model.ResponseDoneAsync("resp_3", metadataJson: goodbye.GetProperty("response").GetProperty("metadata").GetRawText());
            await Eventually.TrueAsync(() => call.Agent.EndReason is not null, "the agent ends the call");
            call.Play(20);
            await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(["the brain ended the call"], actions.Hangups);
            Assert.True(call.Agent.Conversation!.Finished);
            Assert.True(call.Agent.Conversation.CollectedVariables.GetProperty("booked").GetBoolean());
            ended.SetResult(new CallOutcome("LocalHangup", ByRemote: false, TimeSpan.FromSeconds(30), "/tmp/call-ref.wav", "/tmp/call-ref.jsonl"));
            await Eventually.TrueAsync(() => client.PendingEvents == 0 && File.Exists(_brain.EventsFile) && File.ReadAllLines(_brain.EventsFile).Length == 2, "events at the brain");
        }

        JsonElement[] events = [.. File.ReadAllLines(_brain.EventsFile).Select(line => JsonDocument.Parse(line).RootElement)];
        Assert.Equal(["started", "ended"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("completed", events[1].GetProperty("outcome").GetString());
        Assert.Equal(30.0, events[1].GetProperty("duration_seconds").GetDouble());
        Assert.Equal("/tmp/call-ref.wav", events[1].GetProperty("recording_path").GetString());
        Assert.Equal(245 * 3, events[1].GetProperty("usage").GetProperty("output_audio").GetInt64());
    }
}
