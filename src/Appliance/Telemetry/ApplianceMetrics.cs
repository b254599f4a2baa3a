using Prometheus;

namespace Appliance.Telemetry;

/// <summary>The registry /metrics serves: process and GC basics, build info, and every bridged instrument.</summary>
public sealed class ApplianceMetrics : IDisposable
{
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();
    private readonly PrometheusMeterBridge _bridge;

    /// <summary>False when /proc is not mounted (a bare chroot), so process metrics could not be read.</summary>
    public bool HasProcessMetrics { get; }

    public ApplianceMetrics(string version, string commit)
    {
        try
        {
            DotNetStats.Register(Registry);
            HasProcessMetrics = true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            HasProcessMetrics = false;
        }
        var buildInfo = Metrics.WithCustomRegistry(Registry).CreateGauge(
            "appliance_build_info", "Version and commit of the running binary; always 1.", "version", "commit");
        buildInfo.WithLabels(version, commit).Set(1);
        _bridge = new PrometheusMeterBridge(Registry);
    }

    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        Registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    public void Dispose() => _bridge.Dispose();
}
