using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace Appliance.Hosting;

/// <summary>
/// Feeds systemd's watchdog (WatchdogSec=) at half the interval it asks for. The feed runs on
/// the thread pool, so a starved or deadlocked process misses it and systemd restarts it.
/// </summary>
internal sealed class SystemdWatchdog(ISystemdNotifier notifier, TimeProvider time) : BackgroundService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled || Interval() is not { } interval)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval, time);
        notifier.Notify(Ping);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            notifier.Notify(Ping);
        }
    }

    /// <summary>Half of WATCHDOG_USEC, when the watchdog is meant for this process.</summary>
    internal static TimeSpan? Interval()
    {
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (pid is not null && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }
        return long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec / 2.0)
            : null;
    }
}
