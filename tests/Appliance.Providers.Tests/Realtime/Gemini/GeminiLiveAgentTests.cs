using System.Text.Json;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;
using Appliance.Providers.Realtime;
using Appliance.Providers.Realtime.Gemini;
using Appliance.Providers.Tests.Realtime.Fakes;
using Appliance.Providers.Tests.Realtime.Harness;

namespace Appliance.Providers.Tests.Realtime.Gemini;

public sealed class GeminiLiveAgentTests : IAsyncLifetime
{
    private readonly FakeGeminiLiveServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Spoken_exchange_streams_16k_audio_up_and_plays_24k_model_audio_with_transcripts_and_usage()
    {
        using var metrics = new ProviderMetrics();
        using var tokens = new MetricsListener(metrics);
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { Greeting = "Greet the caller." }, services: new RealtimeAgentServices { Metrics = metrics });

        await _server.WaitForAsync(m => m.TryGetProperty("setup", out _));
        JsonElement setup = _server.Setups[0].GetProperty("setup");
        Assert.Equal("models/gemini-live-test", setup.GetProperty("model").GetString());
        Assert.Equal("AUDIO", setup.GetProperty("generationConfig").GetProperty("responseModalities")[0].GetString());
        Assert.Equal("Puck", setup.GetProperty("generationConfig").GetProperty("speechConfig").GetProperty("voiceConfig").GetProperty("prebuiltVoiceConfig").GetProperty("voiceName").GetString());
        Assert.Equal("Be brief.", setup.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        JsonElement declarations = setup.GetProperty("tools")[0].GetProperty("functionDeclarations");
        Assert.Equal(["lookup_order", "end_call"], declarations.EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToArray());
        Assert.Equal("""{"type":"OBJECT","properties":{"order":{"type":"STRING","description":"type"}},"required":["order"]}""", declarations[0].GetProperty("parameters").GetRawText());
        Assert.Equal(JsonValueKind.Object, setup.GetProperty("inputAudioTranscription").ValueKind);
        Assert.Equal(JsonValueKind.Object, setup.GetProperty("outputAudioTranscription").ValueKind);
        Assert.Equal(500, setup.GetProperty("realtimeInputConfig").GetProperty("automaticActivityDetection").GetProperty("silenceDurationMs").GetInt32());
        Assert.False(setup.GetProperty("sessionResumption").TryGetProperty("handle", out _));
        Assert.Equal("?key=AIza-test", _server.Current.Query);

        JsonElement greeting = await _server.WaitForAsync(m => m.TryGetProperty("clientContent", out _));
        Assert.Equal("Greet the caller.", greeting.GetProperty("clientContent").GetProperty("turns")[0].GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.True(greeting.GetProperty("clientContent").GetProperty("turnComplete").GetBoolean());

        // The pipeline runs at 16 kHz, Gemini's input rate: the caller's samples arrive unchanged.
        short[] caller = TestAudio.Sine(16000, 400);
        call.Feed(caller);
        await Eventually.TrueAsync(() => _server.ReceivedAudio.Length == caller.Length * 2, "caller audio at the server");
        Assert.Equal(caller, TestAudio.ToSamples(_server.ReceivedAudio));
        JsonElement chunk = await _server.WaitForAsync(m => m.TryGetProperty("realtimeInput", out _));
        Assert.Equal("audio/pcm;rate=16000", chunk.GetProperty("realtimeInput").GetProperty("audio").GetProperty("mimeType").GetString());

        await _server.InputTranscriptAsync("Where is ");
        await _server.InputTranscriptAsync("my order?");
        await _server.ModelAudioAsync(TestAudio.ToBytes(TestAudio.Sine(24000, 1000, 300)));
        await _server.OutputTranscriptAsync("It shipped ");
        await _server.OutputTranscriptAsync("yesterday.");
        await _server.TurnCompleteAsync();

        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 16000 - 64, "model audio queued at 16 kHz");
        Assert.InRange(TestAudio.Rms(call.Play(50).AsSpan(1600, 12800)), 5000, 6300);
        await Eventually.TrueAsync(() => call.Frames.OfType<TextFrame>().Any(), "bot transcript");
        Assert.Equal("It shipped yesterday.", call.Frames.OfType<TextFrame>().Single().Text);
        Assert.Equal("Where is my order?", call.Frames.OfType<TranscriptionFrame>().Single().Text);
        await Eventually.TrueAsync(() => tokens.Total("output_audio") == 310, "usage metrics");
        Assert.Equal(1200, tokens.Total("input_audio"));
        Assert.Equal(320, tokens.Total("input_text"));
    }

    [Fact]
    public async Task Tool_call_is_answered_with_a_tool_response_echoing_the_id()
    {
        var handler = new RecordingToolHandler("""{"status":"shipped"}""");
        await using AgentHarness call = await AgentHarness.StartAsync(Options(), services: new RealtimeAgentServices { ToolHandler = handler });
        await _server.WaitForAsync(m => m.TryGetProperty("setup", out _));

        await _server.ToolCallAsync("function-call-123", "lookup_order", """{"order":"42"}""");

        JsonElement response = await _server.WaitForAsync(m => m.TryGetProperty("toolResponse", out _));
        JsonElement function = response.GetProperty("toolResponse").GetProperty("functionResponses")[0];
        Assert.Equal("function-call-123", function.GetProperty("id").GetString());
        Assert.Equal("lookup_order", function.GetProperty("name").GetString());
        Assert.Equal("shipped", function.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal([("lookup_order", """{"order":"42"}""")], handler.Calls);
    }

    [Fact]
    public async Task Non_object_tool_results_are_wrapped_for_the_model()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options(), services: new RealtimeAgentServices { ToolHandler = new RecordingToolHandler("not json at all") });
        await _server.WaitForAsync(m => m.TryGetProperty("setup", out _));

        await _server.ToolCallAsync("c1", "lookup_order", "{}");

        JsonElement response = await _server.WaitForAsync(m => m.TryGetProperty("toolResponse", out _));
        Assert.Equal("not json at all", response.GetProperty("toolResponse").GetProperty("functionResponses")[0].GetProperty("response").GetProperty("result").GetString());
    }

    [Fact]
    public async Task Interrupted_clears_the_queued_model_audio()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options());
        await _server.WaitForAsync(m => m.TryGetProperty("setup", out _));

        await _server.ModelAudioAsync(TestAudio.ToBytes(TestAudio.Sine(24000, 2000)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 32000 - 64, "two seconds queued");
        call.Play(10);

        await _server.InterruptedAsync();

        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples == 0, "playout cleared");
        Assert.Contains(InterruptionFrame.Instance, call.Frames.Frames);
        Assert.False(call.Completion.IsCompleted);
    }

    [Fact]
    public async Task Go_away_reconnects_and_resumes_with_the_latest_handle()
    {
        using var metrics = new ProviderMetrics();
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { Greeting = "Hello." }, services: new RealtimeAgentServices { Metrics = metrics });
        await _server.WaitForAsync(m => m.TryGetProperty("setup", out _));
        await _server.ResumptionUpdateAsync("handle-1");
        await _server.ResumptionUpdateAsync("handle-2");
        await Eventually.TrueAsync(() => ((GeminiLiveAgent)call.Agent).ResumptionHandle == "handle-2", "handle kept");

        await _server.GoAwayAsync();

        await _server.WaitForConnectionAsync(2);
        await Eventually.TrueAsync(() => _server.Setups.Count == 2, "second setup");
        Assert.Equal("handle-2", _server.Setups[1].GetProperty("setup").GetProperty("sessionResumption").GetProperty("handle").GetString());

        // Audio keeps flowing both ways on the new connection, and the greeting is not repeated.
        short[] caller = TestAudio.Sine(16000, 100);
        call.Feed(caller);
        await Eventually.TrueAsync(() => _server.ReceivedAudio.Length >= caller.Length * 2, "caller audio after resuming");
        await _server.ModelAudioAsync(TestAudio.ToBytes(TestAudio.Sine(24000, 100)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 1600 - 32, "model audio after resuming");
        Assert.Single(_server.Received, m => m.TryGetProperty("clientContent", out _));
        Assert.False(call.Completion.IsCompleted);
        Assert.Null(call.Agent.EndReason);
    }

    [Fact]
    public async Task A_long_call_resumes_more_times_than_the_retry_limit()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { MaxReconnectAttempts = 2 });
        for (int connection = 1; connection <= 5; connection++)
        {
            await _server.WaitForConnectionAsync(connection);
            await Eventually.TrueAsync(() => _server.Setups.Count == connection, "setup on connection " + connection);
            await _server.ResumptionUpdateAsync("handle-" + connection);
            await Eventually.TrueAsync(() => ((GeminiLiveAgent)call.Agent).ResumptionHandle == "handle-" + connection, "handle kept");
            await _server.GoAwayAsync();
        }

        await _server.WaitForConnectionAsync(6);
        await Eventually.TrueAsync(() => _server.Setups.Count == 6, "sixth setup");
        Assert.Equal("handle-5", _server.Setups[5].GetProperty("setup").GetProperty("sessionResumption").GetProperty("handle").GetString());
        Assert.False(call.Completion.IsCompleted);
    }

    [Fact]
    public async Task Dropped_connection_with_a_handle_resumes_transparently()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options());
        await _server.WaitForAsync(m => m.TryGetProperty("setup", out _));
        await _server.ResumptionUpdateAsync("handle-A");
        await Eventually.TrueAsync(() => ((GeminiLiveAgent)call.Agent).ResumptionHandle == "handle-A", "handle kept");

        _server.Current.Abort();

        await _server.WaitForConnectionAsync(2);
        await Eventually.TrueAsync(() => _server.Setups.Count == 2, "resumed setup");
        Assert.Equal("handle-A", _server.Setups[1].GetProperty("setup").GetProperty("sessionResumption").GetProperty("handle").GetString());
        await _server.ModelAudioAsync(TestAudio.ToBytes(TestAudio.Sine(24000, 100)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 1600 - 32, "model audio after resuming");
        Assert.False(call.Completion.IsCompleted);
    }

    [Fact]
    public async Task Dropped_connection_without_a_handle_ends_the_call()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options());
        await _server.WaitForAsync(m => m.TryGetProperty("setup", out _));

        _server.Current.Abort();

        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.FatalError, result.Reason);
        Assert.Contains("gemini failed", result.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(call.Logger.Entries);
        Assert.DoesNotContain(call.Logger.Entries, e => e.Message.Contains("AIza-test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Provider_that_never_completes_setup_times_out_and_ends_the_call()
    {
        _server.AnswerSetup = false;
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { SetupTimeout = TimeSpan.FromMilliseconds(300) });

        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.FatalError, result.Reason);
        Assert.Contains("setup not confirmed", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_call_tool_ends_the_call_after_the_goodbye()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options());
        await _server.WaitForAsync(m => m.TryGetProperty("setup", out _));

        await _server.ModelAudioAsync(TestAudio.ToBytes(TestAudio.Sine(24000, 200)));
        await _server.ToolCallAsync("c9", "end_call", """{"reason":"done"}""");
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples > 0, "goodbye queued");
        call.Play(15);

        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.Ended, result.Reason);
        Assert.Equal("done", call.Agent.EndReason);
    }

    [Fact]
    public async Task Malformed_messages_are_logged_and_ignored()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options());
        await _server.WaitForAsync(m => m.TryGetProperty("setup", out _));

        await _server.SendAsync("{\"serverContent\":");
        await _server.SendAsync("[1,2]");
        await _server.SendAsync("""{"toolCall":{"functionCalls":"nope"}}""");
        await _server.ModelAudioAsync(TestAudio.ToBytes(TestAudio.Sine(24000, 100)));

        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 1600 - 32, "audio after the bad messages");
        Assert.Equal(3, call.Logger.Entries.Count(e => e.Message.Contains("malformed", StringComparison.Ordinal)));
        Assert.False(call.Completion.IsCompleted);
    }

    private RealtimeAgentOptions Options() => new()
    {
        Provider = "gemini",
        Model = "gemini-live-test",
        Voice = "Puck",
        Instructions = "Be brief.",
        ApiKey = "AIza-test",
        Endpoint = _server.Endpoint,
        TurnDetection = new TurnDetectionOptions { SilenceDurationMs = 500 },
        Tools =
        [
            new RealtimeToolOptions
            {
                Name = "lookup_order",
                Description = "Looks up an order.",
                Parameters = """{"type":"object","properties":{"order":{"type":"string","description":"type"}},"required":["order"]}""",
            },
        ],
    };
}
