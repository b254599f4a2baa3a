using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Interop.Tests.Infrastructure;
using Appliance.Interop.Tests.Realtime;
using Appliance.Providers.Tests.Brain.Harness;
using Appliance.Providers.Tests.Realtime.Fakes;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Brain;

/// <summary>
/// A whole brain-driven call: SIPp → the binary → the fake OpenAI Realtime server, which plays the model and calls the
/// tools, while the reference brain (deploy/remote-brain/brain.py, a real python3 process, token and HMAC signature
/// checked) runs the receptionist flow: greet → book_appointment → confirm → confirm_booking(true) → end.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class RemoteBrainCallTests(ITestOutputHelper output) : FakeProviderCallTest(output)
{
    private readonly FakeOpenAiRealtimeServer _server = new();

    private protected override FakeRealtimeServer Provider => _server;

    [Fact]
    public async Task Brain_flow_transitions_the_model_ends_the_call_and_receives_its_summary()
    {
        byte[] goodbye = await Clips.UlawAsync("Your appointment is booked. Goodbye!");
        await using PythonBrainProcess brain = await PythonBrainProcess.StartAsync();
        var brains = new JsonObject
        {
            ["reception"] = JsonNode.Parse($$"""
                {
                  "url": "{{brain.BaseUrl}}",
                  "token": { "env": "BRAIN_TOKEN" },
                  "signingSecret": { "env": "BRAIN_SECRET" },
                  "timeoutMs": 2000,
                  "config": { "flow": "clinic" }
                }
                """),
        };
        JsonObject agent = RealtimeAppliance.Agent("openai", _server.Endpoint);
        agent["brain"] = "reception";
        await using ApplianceProcess appliance = await RealtimeAppliance.StartAsync(
            Clips.Directory, agent, brains, new Dictionary<string, string> { ["BRAIN_TOKEN"] = PythonBrainProcess.Token, ["BRAIN_SECRET"] = PythonBrainProcess.Secret });
        var call = SippCaller.ApplianceHangsUpAsync(appliance, Rtp, TimeSpan.FromSeconds(15));

        // /session: the brain's greet node is the model's first setup.
        JsonElement greet = (await Poll.ForAsync(_server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update")), "session.update", appliance)).GetProperty("session");
        Assert.StartsWith("You are the receptionist of a small clinic", greet.GetProperty("instructions").GetString(), StringComparison.Ordinal);
        Assert.Contains("book_appointment", ToolNames(greet));
        await Rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        // The model books: the brain moves to the confirm node, and the model gets its new instructions and tools.
        await CallToolAsync("resp_1", "call_1", "book_appointment", """{"date":"2026-11-24","time":"14:30","name":"Ann"}""");
        JsonElement confirm = (await Poll.ForAsync(
            _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update")
                && m.GetProperty("session").TryGetProperty("instructions", out JsonElement i) && i.GetString()!.Contains("Ann on 2026-11-24 at 14:30", StringComparison.Ordinal)),
            "session.update with the confirm node", appliance)).GetProperty("session");
        Assert.Contains("confirm_booking", ToolNames(confirm));
        Assert.DoesNotContain("book_appointment", ToolNames(confirm));
        JsonElement booked = await FunctionOutputAsync("call_1", appliance);
        Assert.True(booked.GetProperty("ok").GetBoolean(), booked.GetRawText());

        // The caller confirms: the brain ends the flow; the appliance has its goodbye spoken, then hangs up.
        int sent = _server.Received.Count;
        await CallToolAsync("resp_2", "call_2", "confirm_booking", """{"confirmed":true}""");
        Task spoken = SpeakWhenAskedAsync(sent, goodbye, call);
        ProcessResult result = await call;
        await spoken;
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains(_server.Received.Skip(sent), m => m.GetRawText().Contains("Your appointment is booked. Goodbye!", StringComparison.Ordinal));
        Assert.True(Ulaw.Find(Rtp.ReceivedAudio(), goodbye) >= 0, "the goodbye is played before the BYE");
        Assert.Matches(@"Call ended: \w+, by appliance", appliance.Output);

        // /events: the call's start and its summary, signed and accepted by the brain.
        await Poll.UntilAsync(() => File.Exists(brain.EventsFile) && File.ReadAllText(brain.EventsFile).Contains("\"ended\"", StringComparison.Ordinal), "the ended event", appliance);
        JsonElement[] events = [.. File.ReadAllLines(brain.EventsFile).Select(line => JsonDocument.Parse(line).RootElement)];
        foreach (JsonElement e in events)
        {
            Output.WriteLine(e.GetRawText());
        }

        JsonElement started = Assert.Single(events, e => e.GetProperty("type").ValueEquals("started"));
        JsonElement ended = Assert.Single(events, e => e.GetProperty("type").ValueEquals("ended"));
        Assert.Equal(started.GetProperty("call_id").GetString(), ended.GetProperty("call_id").GetString());
        Assert.Equal("completed", ended.GetProperty("outcome").GetString());
        Assert.InRange(ended.GetProperty("duration_seconds").GetDouble(), 0.1, 30);

        // Usage sums the fake's three response.done events (245 output and 368 input audio tokens each).
        JsonElement usage = ended.GetProperty("usage");
        Assert.Equal(3 * 245, usage.GetProperty("output_audio").GetInt64());
        Assert.Equal(3 * 368, usage.GetProperty("input_audio").GetInt64());
    }

    private async Task CallToolAsync(string responseId, string callId, string name, string arguments)
    {
        await _server.ResponseCreatedAsync(responseId);
        await _server.FunctionCallAsync(responseId, callId, name, arguments);
        await _server.ResponseDoneAsync(responseId);
    }

    private async Task<JsonElement> FunctionOutputAsync(string callId, ApplianceProcess appliance)
    {
        JsonElement item = (await Poll.ForAsync(
            _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.create") && m.GetProperty("item").TryGetProperty("call_id", out JsonElement id) && id.ValueEquals(callId)),
            $"the output of {callId}", appliance)).GetProperty("item");
        return JsonDocument.Parse(item.GetProperty("output").GetString()!).RootElement;
    }

    /// <summary>
    /// Plays the model's part when the appliance asks it to speak (a response.create after <paramref name="from"/>):
    /// the spoken reply, then response.done echoing the request's metadata, as the API does.
    /// </summary>
    private async Task SpeakWhenAskedAsync(int from, byte[] speech, Task<ProcessResult> call)
    {
        while (!call.IsCompleted)
        {
            JsonElement? request = _server.Received.Skip(from).Cast<JsonElement?>().FirstOrDefault(m => FakeOpenAiRealtimeServer.IsType(m!.Value, "response.create"));
            if (request is { } create)
            {
                string? metadata = create.TryGetProperty("response", out JsonElement response) && response.TryGetProperty("metadata", out JsonElement m) ? m.GetRawText() : null;
                await _server.ResponseCreatedAsync("resp_3");
                await _server.AudioAsync("resp_3", "item_A3", speech);
                await _server.TranscriptAsync("resp_3", "item_A3", "Your appointment is booked. Goodbye!");
                await _server.ResponseDoneAsync("resp_3", metadataJson: metadata);
                return;
            }

            await Task.Delay(10);
        }
    }

    private static string[] ToolNames(JsonElement session) =>
        [.. session.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
}
