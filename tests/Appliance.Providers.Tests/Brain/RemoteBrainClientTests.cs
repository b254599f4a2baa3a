using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Appliance.Providers.Brain;
using Appliance.Providers.Tests.Brain.Harness;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Providers.Tests.Brain;

public sealed class RemoteBrainClientTests : IAsyncLifetime
{
    private const string SessionReply = """
        {"system_prompt":"Greet the caller.","node_id":"greet","collected_vars":{"caller":"+15550100"},"say":"Hello!",
         "tools":[{"name":"book","description":"Book it.","parameters":{"type":"object","properties":{"date":{"type":"string"}}}},{"name":"noop"}]}
        """;

    private static readonly JsonElement Vars = JsonDocument.Parse("""{"caller":"+15550100"}""").RootElement;
    private static readonly JsonElement Args = JsonDocument.Parse("""{"date":"tomorrow"}""").RootElement;

    private readonly BrainMetrics _metrics = new();
    private readonly BrainMetricsListener _measurements;
    private FakeBrainServer _server = null!;

    public RemoteBrainClientTests() => _measurements = new BrainMetricsListener(_metrics);

    public async Task InitializeAsync() => _server = await FakeBrainServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _measurements.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task StartSession_posts_the_call_and_config_and_reads_the_first_node()
    {
        _server.Always(200, SessionReply);
        await using RemoteBrainClient client = NewClient(o => o with { BrainConfig = JsonDocument.Parse("""{"flow":"clinic","n":1}""").RootElement });

        BrainSession session = await client.StartSessionAsync(
            new BrainCall
            {
                CallId = "call-1",
                From = "+15550100",
                To = "+15550199",
                Direction = BrainCallDirection.Inbound,
                Trunk = "main",
                Headers = new Dictionary<string, string> { ["X-Customer"] = "42" },
                Variables = new Dictionary<string, string> { ["campaign"] = "none" },
            },
            "openai",
            CancellationToken.None);

        FakeBrainRequest request = Assert.Single(_server.Requests);
        Assert.Equal("/session", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        JsonElement call = request.Json.GetProperty("call");
        Assert.Equal("call-1", call.GetProperty("id").GetString());
        Assert.Equal("+15550100", call.GetProperty("from").GetString());
        Assert.Equal("+15550199", call.GetProperty("to").GetString());
        Assert.Equal("inbound", call.GetProperty("direction").GetString());
        Assert.Equal("main", call.GetProperty("trunk").GetString());
        Assert.Equal("42", call.GetProperty("headers").GetProperty("X-Customer").GetString());
        Assert.Equal("none", call.GetProperty("variables").GetProperty("campaign").GetString());
        Assert.Equal("""{"flow":"clinic","n":1}""", request.Json.GetProperty("brain_config").GetRawText());
        Assert.Equal("openai", request.Json.GetProperty("provider").GetString());

        Assert.False(session.IsFallback);
        Assert.Equal("Greet the caller.", session.SystemPrompt);
        Assert.Equal("greet", session.NodeId);
        Assert.Equal("Hello!", session.Say);
        Assert.Equal("+15550100", session.CollectedVariables.GetProperty("caller").GetString());
        Assert.Equal(2, session.Tools.Count);
        Assert.Equal("book", session.Tools[0].Name);
        Assert.Equal("Book it.", session.Tools[0].Description);
        Assert.Equal("""{"type":"object","properties":{"date":{"type":"string"}}}""", session.Tools[0].Parameters);
        Assert.Equal("""{"type":"object","properties":{}}""", session.Tools[1].Parameters);
        Assert.Equal(1, _measurements.Total("appliance.brain.requests", "endpoint=session", "outcome=ok"));
    }

    [Fact]
    public async Task ToolCall_posts_node_tool_and_variables_and_reads_a_transition()
    {
        _server.Always(200, """
            {"action":"transition","node_id":"confirm","system_prompt":"Read it back.","collected_vars":{"caller":"+15550100","date":"tomorrow"},
             "tools":[{"name":"confirm_booking","description":"","parameters":{"type":"object"}}],"result":{"ok":true,"slot":"09:00"},"finished":false}
            """);
        await using RemoteBrainClient client = NewClient();

        BrainDecision decision = await client.ToolCallAsync("call-1", "greet", "book", Args, Vars, CancellationToken.None);

        JsonElement body = Assert.Single(_server.Requests).Json;
        Assert.Equal("/tool-call", _server.Requests[0].Path);
        Assert.Equal("call-1", body.GetProperty("call_id").GetString());
        Assert.Equal("greet", body.GetProperty("node_id").GetString());
        Assert.Equal("book", body.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("tomorrow", body.GetProperty("tool").GetProperty("args").GetProperty("date").GetString());
        Assert.Equal("+15550100", body.GetProperty("collected_vars").GetProperty("caller").GetString());

        Assert.Equal(BrainAction.Transition, decision.Action);
        Assert.False(decision.IsFailSafe);
        Assert.Equal("confirm", decision.NodeId);
        Assert.Equal("Read it back.", decision.SystemPrompt);
        Assert.Equal("confirm_booking", Assert.Single(decision.Tools!).Name);
        Assert.Equal("tomorrow", decision.CollectedVariables.GetProperty("date").GetString());
        Assert.Equal("""{"ok":true,"slot":"09:00"}""", decision.ResultJson);
        Assert.Null(decision.Say);
        Assert.Null(decision.TransferTo);
    }

    [Fact]
    public async Task ToolCall_stay_keeps_node_variables_and_tools_when_the_brain_omits_them()
    {
        _server.Always(200, """{"action":"stay","result":"no slot at that time"}""");
        await using RemoteBrainClient client = NewClient();

        BrainDecision decision = await client.ToolCallAsync("call-1", "greet", "book", Args, Vars, CancellationToken.None);

        Assert.Equal(BrainAction.Stay, decision.Action);
        Assert.False(decision.IsFailSafe);
        Assert.Equal("greet", decision.NodeId);
        Assert.Equal(Vars.GetRawText(), decision.CollectedVariables.GetRawText());
        Assert.Null(decision.SystemPrompt);
        Assert.Null(decision.Tools);
        Assert.Equal("\"no slot at that time\"", decision.ResultJson);
    }

    [Fact]
    public async Task ToolCall_end_carries_the_goodbye_and_finished()
    {
        _server.Always(200, """{"action":"end","node_id":"done","say":"Goodbye!","finished":true}""");
        await using RemoteBrainClient client = NewClient();

        BrainDecision decision = await client.ToolCallAsync("call-1", "confirm", "confirm_booking", Args, Vars, CancellationToken.None);

        Assert.Equal(BrainAction.End, decision.Action);
        Assert.Equal("done", decision.NodeId);
        Assert.Equal("Goodbye!", decision.Say);
        Assert.True(decision.Finished);
        Assert.Equal("""{"ok":true}""", decision.ResultJson);
    }

    [Fact]
    public async Task ToolCall_transfer_carries_the_target_and_dtmf()
    {
        _server.Always(200, """{"action":"transfer","node_id":"handoff","say":"Connecting you.","transfer_to":"sip:desk@pbx.example","dtmf":"12#*A","finished":true}""");
        await using RemoteBrainClient client = NewClient();

        BrainDecision decision = await client.ToolCallAsync("call-1", "greet", "human", Args, Vars, CancellationToken.None);

        Assert.Equal(BrainAction.Transfer, decision.Action);
        Assert.Equal("sip:desk@pbx.example", decision.TransferTo);
        Assert.Equal("12#*A", decision.Dtmf);
        Assert.Equal("Connecting you.", decision.Say);
    }

    [Fact]
    public async Task ToolCall_times_out_into_a_fail_safe_stay()
    {
        var clock = new FakeTimeProvider();
        var release = new TaskCompletionSource<FakeBrainReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Respond = _ => release.Task;
        await using RemoteBrainClient client = NewClient(o => o with { FailureMessage = "the booking system is unavailable, apologise and offer to try again" }, clock);

        Task<BrainDecision> pending = client.ToolCallAsync("call-1", "greet", "book", Args, Vars, CancellationToken.None);
        await _server.WaitForRequestsAsync(1);
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        BrainDecision decision = await pending;
        release.SetResult(FakeBrainReply.Ok("{}"));

        AssertFailSafe(decision);
        Assert.Equal("""{"error":"the booking system is unavailable, apologise and offer to try again"}""", decision.ResultJson);
        Assert.Equal(1, _measurements.Total("appliance.brain.requests", "endpoint=tool_call", "outcome=timeout"));
        Assert.Equal(1, _measurements.Total("appliance.brain.failsafe", "endpoint=tool_call"));
        Assert.Equal(2.0, Assert.Single(_measurements.Values("appliance.brain.latency")));
    }

    [Theory]
    [InlineData(200, "not json", "bad_response")]
    [InlineData(200, """{"action":"jump","node_id":"x"}""", "bad_response")]
    [InlineData(200, """{"node_id":"x"}""", "bad_response")]
    [InlineData(200, """{"action":"transfer","node_id":"x"}""", "bad_response")]
    [InlineData(200, """{"action":"stay","dtmf":"12x"}""", "bad_response")]
    [InlineData(200, """{"action":"stay","collected_vars":[1]}""", "bad_response")]
    [InlineData(200, """{"action":"transition","tools":[{"description":"no name"}]}""", "bad_response")]
    [InlineData(200, """{"action":"transition","tools":[{"name":"t","parameters":"string"}]}""", "bad_response")]
    [InlineData(200, "null", "bad_response")]
    [InlineData(500, """{"error":"boom"}""", "http_error")]
    [InlineData(404, "", "http_error")]
    public async Task ToolCall_fails_safe_on_bad_answers(int status, string body, string outcome)
    {
        _server.Always(status, body);
        await using RemoteBrainClient client = NewClient();

        BrainDecision decision = await client.ToolCallAsync("call-1", "greet", "book", Args, Vars, CancellationToken.None);

        AssertFailSafe(decision);
        Assert.Equal(1, _measurements.Total("appliance.brain.requests", "endpoint=tool_call", $"outcome={outcome}"));
        Assert.Equal(1, _measurements.Total("appliance.brain.failsafe", "endpoint=tool_call"));
    }

    [Fact]
    public async Task ToolCall_fails_safe_when_the_brain_is_unreachable()
    {
        await using RemoteBrainClient client = NewClient(o => o with { BaseUrl = ClosedPortUrl() });

        BrainDecision decision = await client.ToolCallAsync("call-1", "greet", "book", Args, Vars, CancellationToken.None);

        AssertFailSafe(decision);
        Assert.Equal(1, _measurements.Total("appliance.brain.requests", "endpoint=tool_call", "outcome=connection_error"));
    }

    [Fact]
    public async Task ToolCall_throws_when_the_caller_cancels_rather_than_failing_safe()
    {
        _server.Respond = _ => new TaskCompletionSource<FakeBrainReply>().Task;
        await using RemoteBrainClient client = NewClient();
        using var hangup = new CancellationTokenSource();

        Task<BrainDecision> pending = client.ToolCallAsync("call-1", "greet", "book", Args, Vars, hangup.Token);
        await _server.WaitForRequestsAsync(1);
        await hangup.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(0, _measurements.Total("appliance.brain.failsafe", "endpoint=tool_call"));
    }

    [Theory]
    [InlineData(500, "{}")]
    [InlineData(200, """{"node_id":"greet"}""")]
    [InlineData(200, "{truncated")]
    public async Task StartSession_falls_back_to_the_configured_prompt_without_tools(int status, string body)
    {
        _server.Always(status, body);
        await using RemoteBrainClient client = NewClient(o => o with { FallbackSystemPrompt = "Take a message." });

        BrainSession session = await client.StartSessionAsync(new BrainCall { CallId = "call-1" }, "gemini", CancellationToken.None);

        Assert.True(session.IsFallback);
        Assert.Equal("Take a message.", session.SystemPrompt);
        Assert.Empty(session.Tools);
        Assert.Equal("{}", session.CollectedVariables.GetRawText());
        Assert.Equal(1, _measurements.Total("appliance.brain.failsafe", "endpoint=session"));
    }

    [Fact]
    public async Task Requests_carry_the_bearer_token_and_an_hmac_of_timestamp_dot_body()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        _server.Always(200, """{"action":"stay"}""");
        await using RemoteBrainClient client = NewClient(o => o with { Token = "tok-123", SigningSecret = "s3cret" }, clock);

        await client.ToolCallAsync("call-1", "greet", "book", Args, Vars, CancellationToken.None);

        FakeBrainRequest request = Assert.Single(_server.Requests);
        Assert.Equal("Bearer tok-123", request.Headers["Authorization"]);
        Assert.Equal("1800000000", request.Headers["X-Appliance-Timestamp"]);
        byte[] signed = [.. "1800000000."u8, .. request.Body];
        string expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("s3cret"u8, signed));
        Assert.Equal(expected, request.Headers["X-Appliance-Signature"]);
    }

    [Fact]
    public async Task Requests_without_token_or_secret_carry_no_auth_headers()
    {
        _server.Always(200, """{"action":"stay"}""");
        await using RemoteBrainClient client = NewClient();

        await client.ToolCallAsync("call-1", "greet", "book", Args, Vars, CancellationToken.None);

        FakeBrainRequest request = Assert.Single(_server.Requests);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.False(request.Headers.ContainsKey("X-Appliance-Signature"));
    }

    [Fact]
    public void Signature_matches_python_hmac_for_non_ascii_secret_and_body()
    {
        // python3: hmac.new("kéy".encode(), b"1700000000." + '{"call_id":"cé"}'.encode(), hashlib.sha256).hexdigest()
        string signature = BrainRequestSigner.Sign("kéy", "1700000000", Encoding.UTF8.GetBytes("""{"call_id":"cé"}"""));

        Assert.Equal("sha256=7ba169ad75ba9cdbc539fc243aa1d292c472a4dbb29781676bbe3db8e2deb610", signature);
    }

    [Fact]
    public async Task Sequential_requests_reuse_one_connection()
    {
        _server.Always(200, """{"action":"stay"}""");
        await using RemoteBrainClient client = NewClient();

        for (int i = 0; i < 10; i++)
        {
            await client.ToolCallAsync("call-1", "greet", "book", Args, Vars, CancellationToken.None);
        }

        Assert.Equal(10, _server.Requests.Count);
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public async Task Event_is_retried_on_5xx_and_delivered_once()
    {
        int attempts = 0;
        _server.Respond = _ => Task.FromResult(Interlocked.Increment(ref attempts) <= 2 ? new FakeBrainReply(500, "{}") : FakeBrainReply.Ok("{}"));
        await using (RemoteBrainClient client = NewClient(o => o with { EventRetryDelay = TimeSpan.FromMilliseconds(1) }))
        {
            Assert.True(client.PostEvent(BrainEvent.Dtmf("call-1", '5', DateTimeOffset.Parse("2026-11-23T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture))));
            await _server.WaitForRequestsAsync(3);
        }

        Assert.Equal(3, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Equal("/events", r.Path));
        Assert.All(_server.Requests, r => Assert.Equal(_server.Requests[0].Body, r.Body));
        JsonElement body = _server.Requests[0].Json;
        Assert.Equal("call-1", body.GetProperty("call_id").GetString());
        Assert.Equal("dtmf", body.GetProperty("type").GetString());
        Assert.Equal("5", body.GetProperty("digit").GetString());
        Assert.Equal("2026-11-23T13:00:00+00:00", body.GetProperty("at").GetString());
        Assert.False(body.TryGetProperty("outcome", out _));
        Assert.Equal(1, _measurements.Total("appliance.brain.events", "outcome=delivered"));
        Assert.Equal(2, _measurements.Total("appliance.brain.requests", "endpoint=events", "outcome=http_error"));
    }

    [Fact]
    public async Task Event_is_not_retried_on_4xx()
    {
        _server.Always(400, """{"error":"bad event"}""");
        await using (RemoteBrainClient client = NewClient(o => o with { EventRetryDelay = TimeSpan.FromMilliseconds(1) }))
        {
            client.PostEvent(BrainEvent.Started("call-1", DateTimeOffset.UnixEpoch));
        }

        Assert.Single(_server.Requests);
        Assert.Equal(1, _measurements.Total("appliance.brain.events", "outcome=failed"));
    }

    [Fact]
    public async Task Event_gives_up_after_the_configured_retries()
    {
        _server.Always(503, "{}");
        await using (RemoteBrainClient client = NewClient(o => o with { EventRetries = 2, EventRetryDelay = TimeSpan.FromMilliseconds(1) }))
        {
            client.PostEvent(BrainEvent.Started("call-1", DateTimeOffset.UnixEpoch));
        }

        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(1, _measurements.Total("appliance.brain.events", "outcome=failed"));
    }

    [Fact]
    public async Task Ended_event_carries_outcome_duration_paths_and_usage()
    {
        await using (RemoteBrainClient client = NewClient())
        {
            client.PostEvent(BrainEvent.Ended(
                "call-1",
                DateTimeOffset.UnixEpoch,
                "completed",
                TimeSpan.FromMilliseconds(61_234.4),
                "/var/lib/appliance/t.jsonl",
                "/var/lib/appliance/r.wav",
                new Dictionary<string, long> { ["input_audio"] = 1200, ["output_audio"] = 800 }));
        }

        JsonElement body = Assert.Single(_server.Requests).Json;
        Assert.Equal("ended", body.GetProperty("type").GetString());
        Assert.Equal("completed", body.GetProperty("outcome").GetString());
        Assert.Equal(61.234, body.GetProperty("duration_seconds").GetDouble());
        Assert.Equal("/var/lib/appliance/t.jsonl", body.GetProperty("transcript_path").GetString());
        Assert.Equal("/var/lib/appliance/r.wav", body.GetProperty("recording_path").GetString());
        Assert.Equal(1200, body.GetProperty("usage").GetProperty("input_audio").GetInt64());
        Assert.False(body.TryGetProperty("digit", out _));
    }

    [Fact]
    public async Task Full_event_queue_drops_and_counts()
    {
        var gate = new TaskCompletionSource<FakeBrainReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Respond = _ => gate.Task;
        await using (RemoteBrainClient client = NewClient(o => o with { EventQueueCapacity = 2 }))
        {
            Assert.True(client.PostEvent(BrainEvent.Dtmf("call-1", '1', DateTimeOffset.UnixEpoch)));
            await _server.WaitForRequestsAsync(1);

            bool[] accepted = [.. "2345".Select(d => client.PostEvent(BrainEvent.Dtmf("call-1", d, DateTimeOffset.UnixEpoch)))];

            Assert.Equal([true, true, false, false], accepted);
            Assert.Equal(2, _measurements.Total("appliance.brain.events", "outcome=dropped"));
            gate.SetResult(FakeBrainReply.Ok("{}"));
        }

        Assert.Equal(["1", "2", "3"], _server.Requests.Select(r => r.Json.GetProperty("digit").GetString()));
        Assert.Equal(3, _measurements.Total("appliance.brain.events", "outcome=delivered"));
    }

    [Fact]
    public async Task Dispose_gives_up_on_undeliverable_events_after_the_drain_timeout()
    {
        var clock = new FakeTimeProvider();
        _server.Respond = _ => new TaskCompletionSource<FakeBrainReply>().Task;
        RemoteBrainClient client = NewClient(o => o with { Timeout = TimeSpan.FromMinutes(10), DrainTimeout = TimeSpan.FromSeconds(5) }, clock);
        client.PostEvent(BrainEvent.Started("call-1", DateTimeOffset.UnixEpoch));
        client.PostEvent(BrainEvent.Ended("call-1", DateTimeOffset.UnixEpoch, "completed", TimeSpan.Zero));
        await _server.WaitForRequestsAsync(1);

        ValueTask disposing = client.DisposeAsync();
        Assert.False(disposing.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5));
        await disposing;

        Assert.Single(_server.Requests);
        Assert.False(client.PostEvent(BrainEvent.Started("call-2", DateTimeOffset.UnixEpoch)));
    }

    private static void AssertFailSafe(BrainDecision decision)
    {
        Assert.True(decision.IsFailSafe);
        Assert.Equal(BrainAction.Stay, decision.Action);
        Assert.Equal("greet", decision.NodeId);
        Assert.Equal(Vars.GetRawText(), decision.CollectedVariables.GetRawText());
        Assert.Null(decision.SystemPrompt);
        Assert.Null(decision.Tools);
        Assert.StartsWith("""{"error":""", decision.ResultJson, StringComparison.Ordinal);
    }

    private static Uri ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private RemoteBrainClient NewClient(Func<RemoteBrainOptions, RemoteBrainOptions>? configure = null, TimeProvider? clock = null)
    {
        var options = new RemoteBrainOptions { BaseUrl = _server.BaseUrl };
        return new RemoteBrainClient(configure?.Invoke(options) ?? options, metrics: _metrics, timeProvider: clock);
    }
}
