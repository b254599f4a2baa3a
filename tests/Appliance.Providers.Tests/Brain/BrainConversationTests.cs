using System.Text.Json;
using Appliance.Providers.Brain;
using Appliance.Providers.Realtime;
using Appliance.Providers.Tests.Brain.Harness;

namespace Appliance.Providers.Tests.Brain;

public sealed class BrainConversationTests : IAsyncLifetime
{
    private FakeBrainServer _server = null!;
    private RemoteBrainClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeBrainServer.StartAsync();
        _client = new RemoteBrainClient(new RemoteBrainOptions { BaseUrl = _server.BaseUrl });
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Start_opens_the_session_and_posts_the_started_event()
    {
        _server.Respond = r => Task.FromResult(FakeBrainReply.Ok(r.Path == "/session"
            ? """{"system_prompt":"Hi","node_id":"greet","collected_vars":{"a":1},"tools":[]}"""
            : "{}"));

        BrainConversation conversation = await BrainConversation.StartAsync(_client, new BrainCall { CallId = "c1" }, "openai", CancellationToken.None);
        FakeBrainRequest started = await _server.WaitForRequestsAsync(2);

        Assert.Equal("c1", conversation.CallId);
        Assert.Equal("greet", conversation.NodeId);
        Assert.Equal("Hi", conversation.Session.SystemPrompt);
        Assert.Equal("""{"a":1}""", conversation.CollectedVariables.GetRawText());
        Assert.Equal("/events", started.Path);
        Assert.Equal("started", started.Json.GetProperty("type").GetString());
        Assert.Equal("c1", started.Json.GetProperty("call_id").GetString());
    }

    [Fact]
    public async Task Decisions_advance_the_node_and_variables_the_next_call_sends()
    {
        int turn = 0;
        _server.Respond = r => Task.FromResult(FakeBrainReply.Ok(r.Path switch
        {
            "/session" => """{"system_prompt":"Hi","node_id":"greet","collected_vars":{}}""",
            "/tool-call" when Interlocked.Increment(ref turn) == 1 => """{"action":"transition","node_id":"confirm","collected_vars":{"name":"Ann"},"system_prompt":"Confirm"}""",
            "/tool-call" => """{"action":"end","node_id":"done","collected_vars":{"name":"Ann","ok":true},"finished":true,"say":"Bye"}""",
            _ => "{}",
        }));
        BrainConversation conversation = await BrainConversation.StartAsync(_client, new BrainCall { CallId = "c1" }, "openai", CancellationToken.None);

        BrainDecision first = await conversation.DecideAsync("book", """{"name":"Ann"}""", CancellationToken.None);
        BrainDecision second = await conversation.DecideAsync("confirm", """{"confirmed":true}""", CancellationToken.None);

        FakeBrainRequest[] toolCalls = [.. _server.Requests.Where(r => r.Path == "/tool-call")];
        Assert.Equal("greet", toolCalls[0].Json.GetProperty("node_id").GetString());
        Assert.Equal("{}", toolCalls[0].Json.GetProperty("collected_vars").GetRawText());
        Assert.Equal("confirm", toolCalls[1].Json.GetProperty("node_id").GetString());
        Assert.Equal("""{"name":"Ann"}""", toolCalls[1].Json.GetProperty("collected_vars").GetRawText());
        Assert.Equal(BrainAction.Transition, first.Action);
        Assert.Equal(BrainAction.End, second.Action);
        Assert.Equal("done", conversation.NodeId);
        Assert.True(conversation.Finished);
    }

    [Fact]
    public async Task A_fail_safe_keeps_the_node_and_variables()
    {
        _server.Respond = r => Task.FromResult(r.Path == "/session"
            ? FakeBrainReply.Ok("""{"system_prompt":"Hi","node_id":"greet","collected_vars":{"k":"v"}}""")
            : new FakeBrainReply(502, ""));
        BrainConversation conversation = await BrainConversation.StartAsync(_client, new BrainCall { CallId = "c1" }, "openai", CancellationToken.None);

        BrainDecision decision = await conversation.DecideAsync("book", "{}", CancellationToken.None);

        Assert.True(decision.IsFailSafe);
        Assert.Equal("greet", conversation.NodeId);
        Assert.Equal("""{"k":"v"}""", conversation.CollectedVariables.GetRawText());
        Assert.False(conversation.Finished);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    public async Task Invalid_model_arguments_are_answered_without_asking_the_brain(string arguments)
    {
        _server.Always(200, """{"system_prompt":"Hi","node_id":"greet"}""");
        BrainConversation conversation = await BrainConversation.StartAsync(_client, new BrainCall { CallId = "c1" }, "openai", CancellationToken.None);
        await _server.WaitForRequestsAsync(2);

        BrainDecision decision = await conversation.DecideAsync("book", arguments, CancellationToken.None);

        Assert.True(decision.IsFailSafe);
        Assert.Contains("not a valid JSON object", decision.ResultJson, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.Path == "/tool-call");
    }

    [Fact]
    public async Task Empty_model_arguments_are_sent_as_an_empty_object()
    {
        _server.Respond = r => Task.FromResult(FakeBrainReply.Ok(r.Path == "/session" ? """{"system_prompt":"Hi","node_id":"greet"}""" : """{"action":"stay"}"""));
        BrainConversation conversation = await BrainConversation.StartAsync(_client, new BrainCall { CallId = "c1" }, "openai", CancellationToken.None);

        await conversation.DecideAsync("whoami", "", CancellationToken.None);

        FakeBrainRequest toolCall = Assert.Single(_server.Requests, r => r.Path == "/tool-call");
        Assert.Equal("{}", toolCall.Json.GetProperty("tool").GetProperty("args").GetRawText());
    }

    [Fact]
    public async Task Parallel_tool_calls_reach_the_brain_one_at_a_time()
    {
        var firstGate = new TaskCompletionSource<FakeBrainReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        int turn = 0;
        _server.Respond = r => r.Path switch
        {
            "/session" => Task.FromResult(FakeBrainReply.Ok("""{"system_prompt":"Hi","node_id":"n0"}""")),
            "/tool-call" when Interlocked.Increment(ref turn) == 1 => firstGate.Task,
            "/tool-call" => Task.FromResult(FakeBrainReply.Ok("""{"action":"stay"}""")),
            _ => Task.FromResult(FakeBrainReply.Ok("{}")),
        };
        BrainConversation conversation = await BrainConversation.StartAsync(_client, new BrainCall { CallId = "c1" }, "openai", CancellationToken.None);
        await _server.WaitForRequestsAsync(2);

        ValueTask<BrainDecision> a = conversation.DecideAsync("a", "{}", CancellationToken.None);
        ValueTask<BrainDecision> b = conversation.DecideAsync("b", "{}", CancellationToken.None);
        await _server.WaitForRequestsAsync(3);
        Assert.Single(_server.Requests, r => r.Path == "/tool-call");
        firstGate.SetResult(FakeBrainReply.Ok("""{"action":"transition","node_id":"n1"}"""));
        await a;
        await b;

        FakeBrainRequest second = await _server.WaitForRequestsAsync(4);
        Assert.Equal("b", second.Json.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("n1", second.Json.GetProperty("node_id").GetString());
    }

    [Fact]
    public async Task As_a_tool_handler_it_applies_the_decision_before_answering_the_model()
    {
        _server.Respond = r => Task.FromResult(FakeBrainReply.Ok(r.Path == "/session"
            ? """{"system_prompt":"Hi","node_id":"greet"}"""
            : """{"action":"transfer","transfer_to":"+15550123","say":"One moment","result":{"transferring":true}}"""));
        BrainConversation conversation = await BrainConversation.StartAsync(_client, new BrainCall { CallId = "c1" }, "gemini", CancellationToken.None);
        var applied = new List<BrainDecision>();
        conversation.DecisionHandler = (decision, _) =>
        {
            applied.Add(decision);
            return ValueTask.CompletedTask;
        };
        IToolHandler handler = conversation;

        string result = await handler.HandleAsync("human", "{}", CancellationToken.None);

        Assert.Equal("""{"transferring":true}""", result);
        BrainDecision transfer = Assert.Single(applied);
        Assert.Equal(BrainAction.Transfer, transfer.Action);
        Assert.Equal("+15550123", transfer.TransferTo);
        Assert.Equal("One moment", transfer.Say);
    }

    [Fact]
    public async Task Dtmf_and_ended_events_carry_the_call_id()
    {
        _server.Always(200, """{"system_prompt":"Hi","node_id":"greet"}""");
        BrainConversation conversation = await BrainConversation.StartAsync(_client, new BrainCall { CallId = "c9" }, "openai", CancellationToken.None);

        conversation.PostDtmf('#');
        conversation.PostEnded("caller_hangup", TimeSpan.FromSeconds(3));
        await _server.WaitForRequestsAsync(4);

        JsonElement[] events = [.. _server.Requests.Where(r => r.Path == "/events").Select(r => r.Json)];
        Assert.Equal(["started", "dtmf", "ended"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal("c9", e.GetProperty("call_id").GetString()));
        Assert.Equal("#", events[1].GetProperty("digit").GetString());
        Assert.Equal("caller_hangup", events[2].GetProperty("outcome").GetString());
        Assert.Equal(3.0, events[2].GetProperty("duration_seconds").GetDouble());
    }
}
