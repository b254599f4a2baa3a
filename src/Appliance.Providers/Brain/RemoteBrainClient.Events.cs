using System.Text.Json;
using System.Threading.Channels;
using Appliance.Providers.Brain.Wire;

namespace Appliance.Providers.Brain;

/// <summary>Lifecycle event delivery: a bounded queue drained by one background loop with bounded retries.</summary>
public sealed partial class RemoteBrainClient
{
    private readonly Channel<BrainEvent> _events;
    private readonly CancellationTokenSource _stopping;
    private readonly Task _delivery;
    private int _disposed;

    /// <summary>Events waiting in the queue (not counting one being delivered).</summary>
    internal int PendingEvents => _events.Reader.Count;

    /// <summary>Queues <paramref name="brainEvent"/> for background delivery; false (counted as dropped) when the queue is full or the client is disposed.</summary>
    public bool PostEvent(BrainEvent brainEvent)
    {
        ArgumentNullException.ThrowIfNull(brainEvent);
        if (_events.Writer.TryWrite(brainEvent))
        {
            return true;
        }

        CountEvent("dropped");
        BrainLog.EventDropped(_logger, brainEvent.Type, brainEvent.CallId);
        return false;
    }

    /// <summary>Stops taking events, delivers the queued ones for up to <see cref="RemoteBrainOptions.DrainTimeout"/>, then releases the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _events.Writer.TryComplete();
        _stopping.CancelAfter(_options.DrainTimeout);
        await _delivery.ConfigureAwait(false);
        if (_events.Reader.Count is > 0 and int pending)
        {
            BrainLog.EventsAbandoned(_logger, pending);
        }

        _stopping.Dispose();
        _http.Dispose();
    }

    private async Task DeliverEventsAsync()
    {
        try
        {
            await foreach (BrainEvent brainEvent in _events.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                await DeliverAsync(brainEvent).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposal ran out of drain time; what is left is logged by DisposeAsync.
        }
    }

    private async Task DeliverAsync(BrainEvent brainEvent)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(brainEvent, BrainJsonContext.Default.BrainEvent);
        for (int attempt = 1; ; attempt++)
        {
            // Each attempt is signed afresh: the timestamp must be current for the brain's replay check.
            BrainReply reply = await SendAsync(_eventsUri, body, _stopping.Token).ConfigureAwait(false);
            Record(EventsEndpoint, reply);
            if (reply.Outcome == BrainRequestOutcome.Ok)
            {
                CountEvent("delivered");
                return;
            }

            if (!reply.IsTransient || attempt > _options.EventRetries)
            {
                CountEvent("failed");
                BrainLog.EventFailed(_logger, brainEvent.Type, brainEvent.CallId, attempt, reply.Reason);
                return;
            }

            TimeSpan delay = _options.EventRetryDelay * (1 << Math.Min(attempt - 1, 16));
            await Task.Delay(delay, _timeProvider, _stopping.Token).ConfigureAwait(false);
        }
    }

    private void CountEvent(string outcome) =>
        _metrics?.Events.Add(1, new KeyValuePair<string, object?>(BrainMetrics.OutcomeTag, outcome));
}
