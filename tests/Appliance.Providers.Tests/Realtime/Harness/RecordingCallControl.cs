using System.Collections.Concurrent;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Tests.Realtime.Harness;

/// <summary>A call layer stand-in that records transfer requests.</summary>
internal sealed class RecordingCallControl(bool accept) : ICallControl
{
    private readonly ConcurrentQueue<(string Target, string? Reason)> _transfers = new();

    public IReadOnlyList<(string Target, string? Reason)> Transfers => [.. _transfers];

    public ValueTask<bool> TransferAsync(string target, string? reason, CancellationToken cancellationToken)
    {
        _transfers.Enqueue((target, reason));
        return ValueTask.FromResult(accept);
    }
}
