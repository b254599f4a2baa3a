using System.Diagnostics.Metrics;
using System.Text.Json;
using Appliance.Media.Codecs;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;
using Appliance.Providers.Realtime;
using Appliance.Providers.Tests.Realtime.Fakes;
using Appliance.Providers.Tests.Realtime.Harness;

namespace Appliance.Providers.Tests.Realtime.OpenAi;

public sealed class OpenAiRealtimeAgentTests : IAsyncLifetime
{
    private readonly FakeOpenAiRealtimeServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Spoken_exchange_sends_caller_audio_and_plays_model_audio_with_transcripts_and_usage()
    {
        using var metrics = new ProviderMetrics();
        using var tokens = new MetricsListener(metrics);
        await using AgentHarness call = await AgentHarness.StartAsync(
            Options() with { Greeting = "Greet the caller warmly.", Voice = "marin" },
            services: new RealtimeAgentServices { Metrics = metrics });

        JsonElement update = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        JsonElement session = update.GetProperty("session");
        Assert.Equal("realtime", session.GetProperty("type").GetString());
        Assert.Equal("gpt-realtime", session.GetProperty("model").GetString());
        Assert.Equal("Be brief.", session.GetProperty("instructions").GetString());
        Assert.Equal("audio/pcm", session.GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal(24000, session.GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("rate").GetInt32());
        Assert.Equal("marin", session.GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
        JsonElement turn = session.GetProperty("audio").GetProperty("input").GetProperty("turn_detection");
        Assert.Equal("server_vad", turn.GetProperty("type").GetString());
        Assert.Equal(0.6, turn.GetProperty("threshold").GetDouble());
        Assert.Equal(400, turn.GetProperty("silence_duration_ms").GetInt32());
        string[] tools = [.. session.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
        Assert.Equal(["lookup_order", "end_call"], tools);
        Assert.Equal("object", session.GetProperty("tools")[0].GetProperty("parameters").GetProperty("type").GetString());

        JsonElement greeting = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));
        Assert.Equal("Greet the caller warmly.", greeting.GetProperty("response").GetProperty("instructions").GetString());

        // 500 ms of caller audio at 16 kHz arrives as 24 kHz PCM16.
        call.Feed(TestAudio.Sine(16000, 500));
        await Eventually.TrueAsync(() => _server.AppendedAudio.Length >= 24000 * 2 / 2 - 96, "caller audio at the server");
        short[] heard = TestAudio.ToSamples(_server.AppendedAudio);
        Assert.InRange(heard.Length, 12000 - 48, 12000);
        Assert.InRange(TestAudio.Rms(heard.AsSpan(2400)), 5000, 6300);

        await _server.SpeechStartedAsync(100);
        await _server.SpeechStoppedAsync(600);
        await _server.InputTranscriptAsync("Where is my order?");

        // One second of model audio at 24 kHz plays as one second at 16 kHz.
        await _server.RespondAsync("resp_1", "item_A1", TestAudio.ToBytes(TestAudio.Sine(24000, 1000, 300)), "It shipped yesterday.");
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 16000 - 64, "model audio queued for playout");
        short[] played = call.Play(50);
        Assert.InRange(TestAudio.Rms(played.AsSpan(1600, 12800)), 5000, 6300);

        await Eventually.TrueAsync(() => call.Frames.OfType<TextFrame>().Any(), "bot transcript");
        Assert.Equal("It shipped yesterday.", call.Frames.OfType<TextFrame>().Single().Text);
        Assert.Equal("Where is my order?", call.Frames.OfType<TranscriptionFrame>().Single().Text);
        Assert.Single(call.Frames.OfType<UserStartedSpeakingFrame>());
        Assert.Equal(TimeSpan.FromMilliseconds(600), call.Frames.OfType<UserStoppedSpeakingFrame>().Single().At);

        await Eventually.TrueAsync(() => tokens.Total("output_audio") == 245, "usage metrics");
        Assert.Equal(1200, tokens.Total("input_text"));
        Assert.Equal(368, tokens.Total("input_audio"));
        Assert.Equal(1024, tokens.Total("input_cached"));
        Assert.Equal(60, tokens.Total("output_text"));
        Assert.False(call.Completion.IsCompleted);
    }

    [Fact]
    public async Task Tool_call_runs_only_for_completed_responses_and_returns_output_then_response_create()
    {
        var handler = new RecordingToolHandler("""{"status":"shipped"}""");
        await using AgentHarness call = await AgentHarness.StartAsync(Options(), services: new RealtimeAgentServices { ToolHandler = handler });
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        // function_call_arguments.done is also sent for cancelled responses: that call must not run.
        await _server.FunctionCallAsync("resp_1", "call_cancelled", "lookup_order", """{"order":"1"}""");
        await _server.ResponseDoneAsync("resp_1", "cancelled");
        await _server.FunctionCallAsync("resp_2", "call_ABC123", "lookup_order", """{"order":"42"}""");
        await _server.ResponseDoneAsync("resp_2");

        JsonElement output = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.create"));
        JsonElement item = output.GetProperty("item");
        Assert.Equal("function_call_output", item.GetProperty("type").GetString());
        Assert.Equal("call_ABC123", item.GetProperty("call_id").GetString());
        Assert.Equal("""{"status":"shipped"}""", item.GetProperty("output").GetString());
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));

        Assert.Equal([("lookup_order", """{"order":"42"}""")], handler.Calls);
        Assert.DoesNotContain(_server.Received, m => m.GetRawText().Contains("call_cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transfer_call_is_offered_only_with_call_actions()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options());
        JsonElement update = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        Assert.DoesNotContain(update.GetProperty("session").GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "transfer_call");
    }

    [Fact]
    public async Task Accepted_transfer_call_refers_after_the_goodbye_played_then_ends_the_call_and_hangs_up()
    {
        var actions = new RecordingCallActions();
        await using AgentHarness call = await AgentHarness.StartAsync(Options(), actions: actions);
        long queuedAtTransfer = -1;
        actions.OnTransfer = () => queuedAtTransfer = call.Port.QueuedOutboundSamples;
        JsonElement update = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        Assert.Contains(update.GetProperty("session").GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "transfer_call");

        await _server.ResponseCreatedAsync("resp_1");
        await _server.AudioAsync("resp_1", "item_T", TestAudio.ToBytes(TestAudio.Sine(24000, 200)));
        await _server.FunctionCallAsync("resp_1", "call_T", "transfer_call", """{"target":"sales","reason":"wants a quote"}""");
        await _server.ResponseDoneAsync("resp_1");
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples > 0, "the model's words before the transfer queued");
        call.Play(40);

        await Eventually.TrueAsync(() => actions.Transfers.Count == 1, "transfer asked of the call layer");
        Assert.Equal(["sales"], actions.Transfers);
        Assert.Equal(0, queuedAtTransfer);
        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.Ended, result.Reason);
        Assert.Equal(["transferred to sales"], actions.Hangups);
        Assert.DoesNotContain(_server.Received, m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.create"));
    }

    [Fact]
    public async Task Failed_transfer_call_tells_the_model_why()
    {
        var actions = new RecordingCallActions(new TransferOutcome(false, 486, "Busy Here"));
        await using AgentHarness call = await AgentHarness.StartAsync(Options(), actions: actions);
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        await _server.FunctionCallAsync("resp_1", "call_T", "transfer_call", """{"target":"sales"}""");
        await _server.ResponseDoneAsync("resp_1");

        JsonElement output = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.create"));
        Assert.Equal("""{"ok":false,"error":"The transfer failed (486 Busy Here)."}""", output.GetProperty("item").GetProperty("output").GetString());
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));
        Assert.Equal(["sales"], actions.Transfers);
        Assert.Empty(actions.Hangups);
        Assert.False(call.Completion.IsCompleted);
    }

    [Fact]
    public async Task Transfer_call_to_a_target_outside_the_allowed_list_is_refused_without_a_refer()
    {
        var actions = new RecordingCallActions();
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { TransferTargets = ["sip:front-desk@pbx.example", "+1555123*"] }, actions: actions);
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        await _server.FunctionCallAsync("resp_1", "call_X", "transfer_call", """{"target":"+19005550100"}""");
        await _server.ResponseDoneAsync("resp_1");
        JsonElement refused = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.create"));
        Assert.Contains("not one the caller may be transferred to", refused.GetProperty("item").GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Empty(actions.Transfers);

        await _server.FunctionCallAsync("resp_2", "call_Y", "transfer_call", """{"target":"+15551230042"}""");
        await _server.ResponseDoneAsync("resp_2");
        await Eventually.TrueAsync(() => actions.Transfers.Count == 1, "an allowed prefix is transferred");
        Assert.Equal(["+15551230042"], actions.Transfers);
    }

    [Fact]
    public async Task End_call_tool_ends_the_call_gracefully_after_the_goodbye_played()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options());
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        await _server.ResponseCreatedAsync("resp_9");
        await _server.AudioAsync("resp_9", "item_bye", TestAudio.ToBytes(TestAudio.Sine(24000, 200)));
        await _server.FunctionCallAsync("resp_9", "call_E", "end_call", """{"reason":"caller said goodbye"}""");
        await _server.ResponseDoneAsync("resp_9");

        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples > 0, "goodbye queued");
        Assert.False(call.Completion.IsCompleted);
        call.Play(20);
        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.Ended, result.Reason);
        Assert.Equal("caller said goodbye", call.Agent.EndReason);
    }

    [Fact]
    public async Task End_call_tool_hangs_up_through_the_call_actions_once_the_goodbye_played()
    {
        var actions = new RecordingCallActions();
        await using AgentHarness call = await AgentHarness.StartAsync(Options(), actions: actions);
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        await _server.ResponseCreatedAsync("resp_9");
        await _server.AudioAsync("resp_9", "item_bye", TestAudio.ToBytes(TestAudio.Sine(24000, 200)));
        await _server.FunctionCallAsync("resp_9", "call_E", "end_call", """{"reason":"caller said goodbye"}""");
        await _server.ResponseDoneAsync("resp_9");
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples > 0, "goodbye queued");
        Assert.Empty(actions.Hangups);

        call.Play(20);

        await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["caller said goodbye"], actions.Hangups);
    }

    [Fact]
    public async Task Barge_in_clears_playout_and_truncates_the_item_to_the_milliseconds_played()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options());
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        await _server.ResponseCreatedAsync("resp_1");
        await _server.AudioAsync("resp_1", "item_A1", TestAudio.ToBytes(TestAudio.Sine(24000, 2000)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 32000 - 64, "two seconds queued");
        call.Play(26);
        long played = call.Port.PlayedMilliseconds;
        Assert.Equal(520, played);

        await _server.SpeechStartedAsync(3000);
        JsonElement truncate = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.truncate"));
        Assert.Equal("item_A1", truncate.GetProperty("item_id").GetString());
        Assert.Equal(0, truncate.GetProperty("content_index").GetInt32());
        Assert.Equal(played, truncate.GetProperty("audio_end_ms").GetInt64());
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples == 0, "playout cleared");

        // The cancelled reply's straggling deltas are not played.
        await _server.AudioAsync("resp_1", "item_A1", TestAudio.ToBytes(TestAudio.Sine(24000, 200)));
        await _server.ResponseDoneAsync("resp_1", "cancelled");
        await _server.ResponseCreatedAsync("resp_2");
        await _server.AudioAsync("resp_2", "item_A2", TestAudio.ToBytes(TestAudio.Sine(24000, 100)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples > 0, "next reply queued");
        Assert.InRange(call.Port.QueuedOutboundSamples, 1600 - 32, 1600);
    }

    [Fact]
    public async Task Slow_provider_drops_the_oldest_caller_audio_without_stalling_the_pipeline_or_the_model_audio()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { SendBacklogMilliseconds = 1000 });
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        _server.PauseReading();

        // Five minutes of caller audio against a server that reads nothing: the socket backs up, the agent sheds.
        short[] second = TestAudio.Sine(16000, 1000);
        for (int i = 0; i < 300 && call.Agent.DroppedAudioMessages == 0; i++)
        {
            call.Feed(second);
            await Task.Delay(5);
        }

        await Eventually.TrueAsync(() => call.Agent.DroppedAudioMessages > 0, "oldest caller audio dropped");
        Assert.Equal(0, call.Port.InboundDropped);

        // The receive direction is independent of the stuck send direction.
        await _server.AudioAsync("resp_1", "item_A1", TestAudio.ToBytes(TestAudio.Sine(24000, 100)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 1600 - 32, "model audio while the send side is stuck");
        Assert.False(call.Completion.IsCompleted);

        // Another call on a healthy provider is unaffected meanwhile.
        await using var healthy = new FakeOpenAiRealtimeServer();
        await healthy.StartAsync();
        await using AgentHarness other = await AgentHarness.StartAsync(Options() with { Endpoint = healthy.Endpoint });
        await healthy.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        other.Feed(TestAudio.Sine(16000, 200));
        await Eventually.TrueAsync(() => healthy.AppendedAudio.Length >= 4800 * 2 - 96, "the other call's audio");
        Assert.Equal(0, other.Agent.DroppedAudioMessages);
        _server.ResumeReading();
    }

    [Fact]
    public async Task Provider_disconnect_mid_call_ends_the_call_with_a_reason()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options());
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        call.Feed(TestAudio.Sine(16000, 100));

        _server.Current.Abort();

        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.FatalError, result.Reason);
        Assert.Contains("openai failed", result.Detail, StringComparison.Ordinal);
        Assert.StartsWith("openai failed", call.Agent.EndReason, StringComparison.Ordinal);
        Assert.Equal(1, _server.ConnectionCount);
        Assert.DoesNotContain(call.Logger.Entries, e => e.Message.Contains("sk-test", StringComparison.Ordinal));
        Assert.DoesNotContain("sk-test", Options().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_disconnect_with_an_apology_prompt_plays_it_then_ends()
    {
        short[] apology = TestAudio.Sine(8000, 300, 500);
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { FailurePrompt = apology, FailurePromptSampleRate = 8000 });
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        _server.Current.Abort();
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 4800 - 64, "apology queued");
        short[] played = call.Play(20);

        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.Ended, result.Reason);
        Assert.InRange(TestAudio.Rms(played.AsSpan(320, 4000)), 5000, 6300);
        Assert.StartsWith("openai failed", call.Agent.EndReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_that_never_confirms_setup_times_out_and_ends_the_call()
    {
        _server.AnswerSetup = false;
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { SetupTimeout = TimeSpan.FromMilliseconds(300) });

        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.FatalError, result.Reason);
        Assert.Contains("setup not confirmed", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_that_never_answers_the_handshake_times_out_and_ends_the_call()
    {
        // Accepts TCP but never answers the WebSocket upgrade.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = new Uri($"ws://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/v1/realtime");
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { Endpoint = endpoint, ConnectTimeout = TimeSpan.FromMilliseconds(300) });

        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.FatalError, result.Reason);
        Assert.Contains("connect timed out", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_provider_ends_the_call()
    {
        var closed = new Uri($"ws://127.0.0.1:{FreePort()}/v1/realtime");
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { Endpoint = closed });

        PipelineEndResult result = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PipelineEndReason.FatalError, result.Reason);
    }

    [Fact]
    public async Task Malformed_and_error_events_are_logged_and_ignored_and_the_call_continues()
    {
        using var metrics = new ProviderMetrics();
        await using AgentHarness call = await AgentHarness.StartAsync(Options(), services: new RealtimeAgentServices { Metrics = metrics });
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        await _server.Current.SendAsync("{not json");
        await _server.Current.SendAsync("""{"no_type":1}""");
        await _server.Current.SendAsync("""["an","array"]""");
        await _server.Current.SendAsync("""{"type":"response.done","response":{"status":17}}""");
        await _server.Current.SendAsync("""{"type":"response.output_audio.delta","item_id":"item_X","delta":"!!not base64!!"}""");
        await _server.ErrorAsync("invalid_value", "Bad audio_end_ms.");

        // The session still works afterwards.
        await _server.AudioAsync("resp_1", "item_A1", TestAudio.ToBytes(TestAudio.Sine(24000, 100)));
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples >= 1600 - 32, "audio after the bad events");
        await Eventually.TrueAsync(() => call.Logger.Contains("Bad audio_end_ms."), "server error logged");
        Assert.Equal(4, call.Logger.Entries.Count(e => e.Message.Contains("malformed", StringComparison.Ordinal)));
        Assert.False(call.Completion.IsCompleted);
    }

    [Theory]
    [InlineData(RealtimeAudioFormat.Pcmu, "audio/pcmu")]
    [InlineData(RealtimeAudioFormat.Pcma, "audio/pcma")]
    public async Task G711_audio_sent_is_the_encoding_of_the_pcm_fed_in_and_the_original_rtp_payloads(RealtimeAudioFormat format, string wireFormat)
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { AudioFormat = format, BatchMilliseconds = 40 }, sampleRate: 8000);
        JsonElement update = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        Assert.Equal(wireFormat, update.GetProperty("session").GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("type").GetString());
        Assert.False(update.GetProperty("session").GetProperty("audio").GetProperty("input").GetProperty("format").TryGetProperty("rate", out _));

        // RTP payloads carrying every code value, decoded by media into the 8 kHz pipeline PCM.
        byte[] payloads = new byte[8000];
        new Random(7).NextBytes(payloads);
        for (int i = 0; i < 256; i++)
        {
            payloads[i] = (byte)i;
        }

        var pcm = new short[payloads.Length];
        var expected = new byte[pcm.Length];
        if (format == RealtimeAudioFormat.Pcmu)
        {
            MuLaw.Decode(payloads, pcm);
            MuLaw.Encode(pcm, expected);
        }
        else
        {
            ALaw.Decode(payloads, pcm);
            ALaw.Encode(pcm, expected);
        }

        call.Feed(pcm);
        await Eventually.TrueAsync(() => _server.AppendedAudio.Length == payloads.Length, "all caller audio at the server");
        byte[] sent = _server.AppendedAudio;
        Assert.Equal(expected, sent);

        // Bit-exact with the original payloads, except µ-law's negative zero (0x7F), which decodes to 0 and re-encodes as 0xFF.
        for (int i = 0; i < payloads.Length; i++)
        {
            byte original = format == RealtimeAudioFormat.Pcmu && payloads[i] == 0x7F ? (byte)0xFF : payloads[i];
            Assert.Equal(original, sent[i]);
        }

        // And back: G.711 deltas from the model decode to exactly the table values.
        await _server.AudioAsync("resp_1", "item_A1", payloads[..1600], chunkBytes: 160);
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples == 1600, "model audio queued");
        Assert.Equal(pcm[..1600], call.Play(10));
    }

    [Fact]
    public async Task Beta_protocol_uses_the_preview_event_shape()
    {
        _server.Beta = true;
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { UseBetaProtocol = true, AudioFormat = RealtimeAudioFormat.Pcmu }, sampleRate: 8000);
        JsonElement update = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        JsonElement session = update.GetProperty("session");
        Assert.Equal("g711_ulaw", session.GetProperty("input_audio_format").GetString());
        Assert.Equal("g711_ulaw", session.GetProperty("output_audio_format").GetString());
        Assert.False(session.TryGetProperty("type", out _));
        Assert.Equal("realtime=v1", _server.Current.Headers["OpenAI-Beta"]);
        Assert.Equal("Bearer sk-test", _server.Current.Headers["Authorization"]);

        await _server.RespondAsync("resp_1", "item_A1", new byte[800], "Hi.");
        await Eventually.TrueAsync(() => call.Port.QueuedOutboundSamples == 800, "beta audio deltas played");
        await Eventually.TrueAsync(() => call.Frames.OfType<TextFrame>().Any(), "beta transcript");
    }

    [Fact]
    public async Task Azure_openai_uses_the_deployment_url_and_api_key_header()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with
        {
            Provider = "azure-openai",
            Endpoint = new Uri(_server.BaseUri.ToString().Replace("ws://", "http://", StringComparison.Ordinal)),
            Model = "my-realtime",
            AzureApiVersion = "2025-04-01-preview",
        });
        JsonElement update = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        FakeConnection connection = _server.Current;
        Assert.Equal("/openai/realtime", connection.Path);
        Assert.Equal("?api-version=2025-04-01-preview&deployment=my-realtime", connection.Query);
        Assert.Equal("sk-test", connection.Headers["api-key"]);
        Assert.False(connection.Headers.ContainsKey("Authorization"));
        Assert.False(update.GetProperty("session").TryGetProperty("model", out _));
    }

    [Fact]
    public async Task Dtmf_becomes_a_user_text_item_and_a_response_when_configured()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with { DtmfAsText = true });
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));

        call.Port.WriteDtmf('5');

        JsonElement item = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "conversation.item.create"));
        JsonElement content = item.GetProperty("item").GetProperty("content")[0];
        Assert.Equal("input_text", content.GetProperty("type").GetString());
        Assert.Equal("The caller pressed 5 on the phone keypad.", content.GetProperty("text").GetString());
        Assert.Equal("user", item.GetProperty("item").GetProperty("role").GetString());
        await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "response.create"));
    }

    [Fact]
    public async Task Semantic_vad_is_configurable()
    {
        await using AgentHarness call = await AgentHarness.StartAsync(Options() with
        {
            TurnDetection = new TurnDetectionOptions { Mode = TurnDetectionMode.SemanticVad, Eagerness = "low" },
        });
        JsonElement update = await _server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update"));
        JsonElement turn = update.GetProperty("session").GetProperty("audio").GetProperty("input").GetProperty("turn_detection");
        Assert.Equal("semantic_vad", turn.GetProperty("type").GetString());
        Assert.Equal("low", turn.GetProperty("eagerness").GetString());
        Assert.True(turn.GetProperty("interrupt_response").GetBoolean());
    }

    private RealtimeAgentOptions Options() => new()
    {
        Provider = "openai",
        Model = "gpt-realtime",
        Instructions = "Be brief.",
        ApiKey = "sk-test",
        Endpoint = _server.Endpoint,
        TurnDetection = new TurnDetectionOptions { Threshold = 0.6, SilenceDurationMs = 400, PrefixPaddingMs = 300 },
        Tools =
        [
            new RealtimeToolOptions
            {
                Name = "lookup_order",
                Description = "Looks up an order.",
                Parameters = """{"type":"object","properties":{"order":{"type":"string"}},"required":["order"]}""",
            },
        ],
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
