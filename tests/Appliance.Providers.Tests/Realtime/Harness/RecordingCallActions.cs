using System.Collections.Concurrent;
using Appliance.Pipeline.Agents;

namespace Appliance.Providers.Tests.Realtime.Harness;

/// <summary>A call layer stand-in that records hang-ups, transfers and DTMF, and answers transfers with a fixed outcome.</summary>
internal sealed class RecordingCallActions(TransferOutcome transferOutcome) : ICallActions
{
    private readonly ConcurrentQueue<string> _hangups = new();
    private readonly ConcurrentQueue<string> _transfers = new();
    private readonly ConcurrentQueue<string> _dtmf = new();

    public RecordingCallActions()
        : this(new TransferOutcome(true, 200, "OK"))
    {
    }

    public IReadOnlyList<string> Hangups => [.. _hangups];

    public IReadOnlyList<string> Transfers => [.. _transfers];

    public IReadOnlyList<string> Dtmf => [.. _dtmf];

    /// <summary>Runs when a transfer is asked for, before it is recorded: lets a test capture the call's state at that moment.</summary>
    public Action? OnTransfer { get; set; }

    public void Hangup(string reason) => _hangups.Enqueue(reason);

    public Task<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken)
    {
        OnTransfer?.Invoke();
        _transfers.Enqueue(target);
        return Task.FromResult(transferOutcome);
    }

    public bool SendDtmf(string digits)
    {
        _dtmf.Enqueue(digits);
        return true;
    }
}
