using System.Text.Json;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Brain;

/// <summary>
/// One call's conversation with the remote brain: holds the current node and collected variables, turns the model's
/// tool calls into <see cref="BrainDecision"/>s, and posts the call's lifecycle events.
/// As an <see cref="IToolHandler"/> it answers the model with the decision's result after handing the decision to
/// <see cref="DecisionHandler"/> (session update, say, end, transfer, DTMF).
/// </summary>
public sealed class BrainConversation : IToolHandler
{
    private readonly RemoteBrainClient _client;
    private readonly TimeProvider _timeProvider;

    // Models may call tools in parallel; the brain's state (node, variables) must advance one decision at a time.
    private readonly SemaphoreSlim _turn = new(1, 1);

    private BrainConversation(RemoteBrainClient client, string callId, BrainSession session, TimeProvider timeProvider)
    {
        _client = client;
        _timeProvider = timeProvider;
        CallId = callId;
        Session = session;
        NodeId = session.NodeId;
        CollectedVariables = session.CollectedVariables;
    }

    /// <summary>The appliance's call id.</summary>
    public string CallId { get; }

    /// <summary>How the conversation started (instructions, tools, greeting), or the fallback when the brain failed.</summary>
    public BrainSession Session { get; }

    /// <summary>The brain's current node.</summary>
    public string NodeId { get; private set; }

    /// <summary>Variables the brain collected so far (a JSON object).</summary>
    public JsonElement CollectedVariables { get; private set; }

    /// <summary>The brain said its flow is complete.</summary>
    public bool Finished { get; private set; }

    /// <summary>
    /// Applies a decision to the call (update the model's session, speak, hang up, transfer, send DTMF) before the
    /// model gets the result. Set it once, before the agent starts; null only returns the result to the model.
    /// </summary>
    public Func<BrainDecision, CancellationToken, ValueTask>? DecisionHandler { get; set; }

    /// <summary>Opens the call's conversation (<c>/session</c>, falling back on failure) and posts the "started" event.</summary>
    public static async Task<BrainConversation> StartAsync(
        RemoteBrainClient client,
        BrainCall call,
        string provider,
        CancellationToken cancellationToken,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(call);
        timeProvider ??= TimeProvider.System;
        BrainSession session = await client.StartSessionAsync(call, provider, cancellationToken).ConfigureAwait(false);
        client.PostEvent(BrainEvent.Started(call.CallId, timeProvider.GetUtcNow()));
        return new BrainConversation(client, call.CallId, session, timeProvider);
    }

    /// <summary>
    /// Sends the model's call of <paramref name="toolName"/> to the brain and advances the node and variables.
    /// Never throws for a brain failure or bad model arguments: those give a fail-safe stay with an error result.
    /// </summary>
    public async ValueTask<BrainDecision> DecideAsync(string toolName, string argumentsJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!TryParseArguments(argumentsJson, out JsonElement arguments))
            {
                return _client.FailSafe(NodeId, CollectedVariables) with
                {
                    ResultJson = """{"error":"the arguments were not a valid JSON object; call the function again with correct arguments"}""",
                };
            }

            BrainDecision decision = await _client.ToolCallAsync(CallId, NodeId, toolName, arguments, CollectedVariables, cancellationToken).ConfigureAwait(false);
            NodeId = decision.NodeId;
            CollectedVariables = decision.CollectedVariables;
            Finished |= decision.Finished;
            return decision;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<string> HandleAsync(string name, string argumentsJson, CancellationToken cancellationToken)
    {
        BrainDecision decision = await DecideAsync(name, argumentsJson, cancellationToken).ConfigureAwait(false);
        if (DecisionHandler is { } handler)
        {
            await handler(decision, cancellationToken).ConfigureAwait(false);
        }

        return decision.ResultJson;
    }

    /// <summary>Posts a "dtmf" event for a key the caller pressed.</summary>
    public void PostDtmf(char digit) => _client.PostEvent(BrainEvent.Dtmf(CallId, digit, _timeProvider.GetUtcNow()));

    /// <summary>Posts the "ended" event.</summary>
    public void PostEnded(
        string outcome,
        TimeSpan duration,
        string? transcriptPath = null,
        string? recordingPath = null,
        IReadOnlyDictionary<string, long>? usage = null) =>
        _client.PostEvent(BrainEvent.Ended(CallId, _timeProvider.GetUtcNow(), outcome, duration, transcriptPath, recordingPath, usage));

    private bool TryParseArguments(string argumentsJson, out JsonElement arguments)
    {
        if (string.IsNullOrWhiteSpace(argumentsJson))
        {
            // Some models send no arguments for a parameterless function.
            arguments = _client.EmptyVariables;
            return true;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(argumentsJson);
            arguments = document.RootElement.Clone();
            return arguments.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            arguments = default;
            return false;
        }
    }
}
