using System.Text.Json;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;

namespace Appliance.Providers.Realtime;

// What a realtime agent does to its call beyond audio, through AgentContext.Actions: the built-in
// transfer_call tool and the brain's transfers (after what was said has played), DTMF, and the hang-up once
// the agent's graceful end has played out.
public abstract partial class RealtimeAgent
{
    // Beyond the queued audio's length: how long a transfer waits for playout to report that the bot stopped.
    private static readonly TimeSpan PlayoutGrace = TimeSpan.FromSeconds(1);

    // How long the playout marker may take to pass the frames queued ahead of it.
    private static readonly TimeSpan MarkerPatience = TimeSpan.FromSeconds(5);

    private TaskCompletionSource? _botStopped;
    private volatile bool _botSpeaking;

    // The built-in transfer_call tool; the model has told the caller before calling it.
    private async Task<string> TransferToolAsync(string argumentsJson)
    {
        BuiltInToolArguments? arguments = JsonSerializer.Deserialize(argumentsJson, RealtimeJsonContext.Default.BuiltInToolArguments);
        if (arguments?.Target is not { Length: > 0 } target)
        {
            return Serialize(new ToolResult { Error = "No transfer target was given." });
        }

        if (!IsAllowedTransferTarget(target))
        {
            RealtimeLog.TransferRefused(Logger, Name, CallId, target);
            return Serialize(new ToolResult { Error = "That destination is not one the caller may be transferred to. Tell the caller." });
        }

        TransferOutcome outcome = await TransferCallAsync(target).ConfigureAwait(false);
        return Serialize(outcome.Accepted
            ? new ToolResult { Ok = true }
            : new ToolResult { Error = $"The transfer failed ({outcome.StatusCode} {outcome.Reason})." });
    }

    private bool IsAllowedTransferTarget(string target)
    {
        if (Options.TransferTargets is not { } allowed)
        {
            return true;
        }

        foreach (string pattern in allowed)
        {
            bool matches = pattern.EndsWith('*')
                ? target.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
                : target.Equals(pattern, StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Blind-transfers the call once the bot's queued audio has played; an accepted transfer ends the call gracefully
    /// (the hang-up follows). Never throws for a failed transfer: the outcome says why.
    /// </summary>
    private protected async Task<TransferOutcome> TransferCallAsync(string target)
    {
        if (Context.Actions is not { } actions)
        {
            return new TransferOutcome(false, 0, "this call cannot be transferred");
        }

        await WaitForPlayoutAsync().ConfigureAwait(false);
        TransferOutcome outcome;
        try
        {
            outcome = await actions.TransferAsync(target, Stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !Stopping.IsCancellationRequested)
        {
            outcome = new TransferOutcome(false, 0, ex.Message);
        }

        RealtimeLog.Transferred(Logger, Name, CallId, target, outcome.Accepted, outcome.StatusCode, outcome.Reason);
        if (outcome.Accepted)
        {
            _transferred = true;
            EndCall($"transferred to {target}");
        }

        return outcome;
    }

    /// <summary>Sends the brain's DTMF digits to the other side (RFC 4733, by the call layer).</summary>
    private void SendDtmf(string digits)
    {
        if (Context.Actions?.SendDtmf(digits) != true)
        {
            RealtimeLog.DtmfNotSent(Logger, Name, CallId, digits);
        }
    }

    /// <summary>
    /// Completes once the bot's audio pushed so far has played: a marker behind it shows it reached playout, then
    /// playout reports the bot stopped. Bounded by that audio's length plus a grace, so a stalled pacer cannot hold a transfer.
    /// </summary>
    private async Task WaitForPlayoutAsync()
    {
        var marker = new PlayoutMarkerFrame();
        PushFrame(marker);
        try
        {
            await marker.Passed.WaitAsync(MarkerPatience, TimeProvider, Stopping).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The pipeline held the marker back (a stuck queue): go on rather than hold the transfer.
            return;
        }

        long started = TimeProvider.GetTimestamp();
        TimeSpan limit = TimeSpan.FromSeconds((double)Context.Port.QueuedOutboundSamples / SampleRate) + PlayoutGrace;
        while (true)
        {
            // Armed before the check, so a stop reported in between still wakes this wait; a stale report only loops.
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _botStopped, stopped);
            if (Context.Port.QueuedOutboundSamples == 0 && !_botSpeaking)
            {
                return;
            }

            TimeSpan remaining = limit - TimeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                await stopped.Task.WaitAsync(remaining, TimeProvider, Stopping).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Playout stalled; go on.
                return;
            }
        }
    }

    // Upstream frames: playout reports when the bot starts and stops being heard.
    private void TrackPlayout(Frame frame)
    {
        if (frame is BotStartedSpeakingFrame)
        {
            _botSpeaking = true;
        }
        else if (frame is BotStoppedSpeakingFrame)
        {
            _botSpeaking = false;
            Interlocked.Exchange(ref _botStopped, null)?.TrySetResult();
        }
    }

    // After the pipeline stopped: an end the agent chose (goodbye played by the graceful end) becomes the call's BYE.
    private void OnStopped()
    {
        if (EndReason is { } reason)
        {
            Context.Actions?.Hangup(reason);
        }

        ProviderMetrics?.RecordCallTokens(Options.Provider, _usage.Snapshot());
    }
}
