using System.Text;
using Appliance.Pipeline.Agents;
using Appliance.Providers.Brain;

namespace Appliance.Providers.Realtime;

// The remote brain's side of a realtime agent: the call's BrainConversation sets the model's
// instructions, tools and opening line, decides its tool calls, and hears the call's lifecycle events.
// A decision is applied in the order the model must see it: a new node's instructions and tools go out before the
// tool result (so the reply to the result already follows them); the brain's say is the reply to the results;
// an end or a transfer waits until that reply has been generated and heard. DTMF is sent at once.
public abstract partial class RealtimeAgent
{
    // A say turn the provider never finishes (dropped, or no audio came) must not hold an end or a transfer forever.
    private static readonly TimeSpan SayTurnTimeout = TimeSpan.FromSeconds(15);

    private readonly CallUsage _usage = new();
    private ModelSetup _setup;
    private Task<BrainConversation?>? _opening;
    private BrainConversation? _conversation;
    private ToolFollowUp? _followUp;
    private TaskCompletionSource? _sayTurn;
    private volatile bool _providerFailed;
    private volatile bool _transferred;

    /// <summary>This call's conversation with the remote brain; null without a brain, or until <c>/session</c> has answered.</summary>
    internal BrainConversation? Conversation => Volatile.Read(ref _conversation);

    /// <summary>Provider usage on this call so far, by kind (input_text, input_audio, input_cached, output_text, output_audio ...).</summary>
    public IReadOnlyDictionary<string, long> Usage => _usage.Snapshot();

    /// <summary>The call this agent serves: its audio port, parties, call actions and end.</summary>
    private protected AgentContext Context { get; }

    /// <summary>The model's current instructions and tools (the brain's node, or the configured ones).</summary>
    private protected ModelSetup Setup => Volatile.Read(ref _setup);

    /// <summary>Sends <see cref="Setup"/> to the model mid-session (new instructions and tools of a brain node).</summary>
    private protected abstract void EnqueueSessionUpdate();

    /// <summary>
    /// Queues a model turn speaking <paramref name="text"/> word for word; when <paramref name="tracked"/>, the provider
    /// calls <see cref="EndSayTurn"/> once that turn has been generated.
    /// </summary>
    private protected abstract void EnqueueSay(string text, bool tracked);

    /// <summary>Tells the model something that happened on the call (a failed transfer) and lets it respond.</summary>
    private protected abstract void EnqueueNote(string text);

    /// <summary>The instruction that makes a model speak a given text.</summary>
    private protected static string SayInstructions(string text) =>
        "Say exactly the following to the caller, word for word, and nothing else: " + text;

    /// <summary>Counts provider usage in this call's totals and the token metric.</summary>
    private protected void AddUsage(string kind, long count)
    {
        _usage.Add(kind, count);
        ProviderMetrics?.AddTokens(Options.Provider, kind, count);
    }

    /// <summary>Takes what the brain asked for during the tool batch just run (null when nothing).</summary>
    private protected ToolFollowUp? TakeFollowUp() => Interlocked.Exchange(ref _followUp, null);

    /// <summary>Opens the wait for a say turn; the provider ends it with <see cref="EndSayTurn"/>.</summary>
    private protected Task BeginSayTurn()
    {
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _sayTurn, turn);
        return turn.Task;
    }

    /// <summary>The say turn has been generated (or the caller cut it short).</summary>
    private protected void EndSayTurn() => Interlocked.Exchange(ref _sayTurn, null)?.TrySetResult();

    /// <summary>A say turn is awaited.</summary>
    private protected bool IsSayTurnOpen => Volatile.Read(ref _sayTurn) is not null;

    /// <summary>
    /// After a batch's results (and its say) went to the model: once the say has been generated, ends the call, or
    /// transfers it and tells the model when the transfer failed. Nothing to do for a plain say.
    /// </summary>
    private protected async Task FinishFollowUpAsync(ToolFollowUp followUp, Task sayTurn)
    {
        if (!followUp.HandsOff)
        {
            return;
        }

        try
        {
            await sayTurn.WaitAsync(SayTurnTimeout, TimeProvider, Stopping).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            RealtimeLog.SayTurnTimedOut(Logger, Name, CallId, SayTurnTimeout.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (followUp.Action == BrainAction.End)
        {
            // The goodbye is queued for playout; the graceful end lets it finish before the hang-up.
            EndCall("the brain ended the call");
            return;
        }

        string target = followUp.TransferTo ?? "";
        TransferOutcome outcome = await TransferCallAsync(target).ConfigureAwait(false);
        if (!outcome.Accepted && !IsEnding && !Stopping.IsCancellationRequested)
        {
            EnqueueNote($"The transfer to {target} failed ({outcome.StatusCode} {outcome.Reason}). Tell the caller, and offer another way to help.");
        }
    }

    private void StartBrain()
    {
        if (Services.Brain is not { } brain)
        {
            return;
        }

        _opening = OpenConversationAsync(brain, Stopping);
        if (Context.Ended is { } ended)
        {
            _ = ReportEndedAsync(ended, _opening);
        }
    }

    private async Task<BrainConversation?> OpenConversationAsync(RemoteBrainClient brain, CancellationToken cancellationToken)
    {
        BrainCall call = Context.Call is { } info ? BrainCall.Create(info) : new BrainCall { CallId = CallId };
        BrainConversation conversation;
        try
        {
            conversation = await BrainConversation.StartAsync(brain, call, Options.Provider, cancellationToken, TimeProvider).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        BrainSession session = conversation.Session;
        Volatile.Write(ref _setup, new ModelSetup(session.SystemPrompt, BuildTools(session.Tools)));
        conversation.DecisionHandler = ApplyDecisionAsync;
        Volatile.Write(ref _conversation, conversation);
        RealtimeLog.BrainSessionOpened(Logger, Name, CallId, session.NodeId, session.Tools.Count, session.IsFallback);
        return conversation;
    }

    // The setup must carry the brain's node; without a brain there is nothing to wait for.
    private Task WaitForConversationAsync(CancellationToken cancellationToken) =>
        _opening is { } opening ? opening.WaitAsync(cancellationToken) : Task.CompletedTask;

    private IReadOnlyList<ToolDeclaration> BuildTools(IReadOnlyList<RealtimeToolOptions> tools) =>
        ToolDeclaration.Build(tools, Options, Context.Actions is not null);

    /// <summary>The first words of a new session: the brain's say, else the configured greeting instruction.</summary>
    private void EnqueueOpening()
    {
        if (Conversation?.Session.Say is { Length: > 0 } say)
        {
            EnqueueSay(say, tracked: false);
        }
        else if (Options.Greeting is { Length: > 0 } greeting)
        {
            EnqueueGreeting(greeting);
        }
    }

    // The conversation's DecisionHandler: runs on the tool call's task, before the model gets the result.
    private ValueTask ApplyDecisionAsync(BrainDecision decision, CancellationToken cancellationToken)
    {
        if (IsEnding)
        {
            return ValueTask.CompletedTask;
        }

        if (decision.Dtmf is { Length: > 0 } digits)
        {
            SendDtmf(digits);
        }

        if (decision.Action is BrainAction.Stay or BrainAction.Transition && (decision.SystemPrompt is not null || decision.Tools is not null))
        {
            ModelSetup current = Setup;
            Volatile.Write(ref _setup, new ModelSetup(
                decision.SystemPrompt ?? current.Instructions,
                decision.Tools is { } tools ? BuildTools(tools) : current.Tools));
            RealtimeLog.BrainMoved(Logger, Name, CallId, decision.NodeId);
            EnqueueSessionUpdate();
        }

        ToolFollowUp? seen;
        ToolFollowUp? merged;
        do
        {
            seen = Volatile.Read(ref _followUp);
            merged = ToolFollowUp.Merge(seen, decision);
        }
        while (Interlocked.CompareExchange(ref _followUp, merged, seen) != seen);

        return ValueTask.CompletedTask;
    }

    private void OnCallerDtmf(char digit)
    {
        Conversation?.PostDtmf(digit);
        if (Options.DtmfAsText && !IsEnding)
        {
            EnqueueDtmf(digit);
        }
    }

    // Runs once the call layer has torn the call down, so the brain hears the outcome, the files and the usage.
    private async Task ReportEndedAsync(Task<CallOutcome> ended, Task<BrainConversation?> opening)
    {
        CallOutcome outcome;
        try
        {
            outcome = await ended.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A call layer that faulted or cancelled its end has no outcome to report.
            RealtimeLog.EndNotReported(Logger, Name, CallId, ex.Message);
            return;
        }

        if (await opening.ConfigureAwait(false) is not { } conversation)
        {
            return;
        }

        Dictionary<string, long> usage = _usage.Snapshot();
        conversation.PostEnded(BrainOutcome(outcome), outcome.Duration, outcome.TranscriptPath, outcome.RecordingPath, usage.Count > 0 ? usage : null);
    }

    private string BrainOutcome(CallOutcome outcome)
    {
        if (_transferred || string.Equals(outcome.Reason, "Transferred", StringComparison.OrdinalIgnoreCase))
        {
            return "transferred";
        }

        if (_providerFailed)
        {
            return "failed";
        }

        if (outcome.ByRemote)
        {
            return "caller_hangup";
        }

        return EndReason is not null ? "completed" : SnakeCase(outcome.Reason);
    }

    // "MediaTimeout" → "media_timeout", the event's naming.
    private static string SnakeCase(string reason)
    {
        var text = new StringBuilder(reason.Length + 4);
        foreach (char c in reason)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
