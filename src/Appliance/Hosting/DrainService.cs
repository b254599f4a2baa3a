using Appliance.Configuration;
using Appliance.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace Appliance.Hosting;

/// <summary>
/// Marks the process ready once every service has started, and on SIGTERM/SIGINT drains:
/// readiness goes 503, participants refuse new work, live work gets the grace period, then
/// whatever is left is ended. Runs in StoppingAsync so the admin endpoint still answers
/// (with 503) while the drain is under way.
/// </summary>
internal sealed class DrainService(
    LifecycleState state,
    ApplianceMetrics metrics,
    IEnumerable<IDrainParticipant> participants,
    ShutdownConfig shutdown,
    TimeProvider time,
    ILogger<DrainService> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        state.MarkReady();
        if (!metrics.HasProcessMetrics)
        {
            logger.ZLogWarning($"/proc is not mounted: process metrics are not exported");
        }
        logger.ZLogInformation($"Appliance {BuildInfo.Version} ready");
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.MarkDraining();
        var grace = TimeSpan.FromSeconds(shutdown.DrainTimeoutSeconds);
        logger.ZLogInformation($"Draining: new work refused, live work has {grace.TotalSeconds}s to finish");
        foreach (var participant in participants)
        {
            participant.BeginDrain();
        }

        using var graceTimeout = new CancellationTokenSource(grace, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(graceTimeout.Token, cancellationToken);
        try
        {
            await Task.WhenAll(participants.Select(p => p.WaitIdleAsync(linked.Token))).ConfigureAwait(false);
            logger.ZLogInformation($"Drained: no live work remains");
        }
        catch (OperationCanceledException)
        {
            logger.ZLogWarning($"Grace period over; ending remaining work");
            await Task.WhenAll(participants.Select(p => p.AbortAsync(cancellationToken))).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
