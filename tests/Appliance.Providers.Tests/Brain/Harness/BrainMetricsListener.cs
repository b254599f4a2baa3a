using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Appliance.Providers.Brain;

namespace Appliance.Providers.Tests.Brain.Harness;

/// <summary>Records every measurement of one <see cref="BrainMetrics"/> instance (tests run in parallel) as "name|tag=value,..." totals.</summary>
internal sealed class BrainMetricsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _totals = new();
    private readonly ConcurrentQueue<(string Name, double Value)> _histogram = new();

    public BrainMetricsListener(BrainMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            _histogram.Enqueue((instrument.Name, value));
            Add(instrument.Name + ".count", 1, tags);
        });
        _listener.Start();
    }

    /// <summary>Sum of the counter <paramref name="name"/> over measurements carrying exactly <paramref name="tags"/> ("key=value" pairs, in the order recorded).</summary>
    public double Total(string name, params string[] tags) => _totals.GetValueOrDefault(name + "|" + string.Join(',', tags));

    public IReadOnlyList<double> Values(string name) => [.. _histogram.Where(m => m.Name == name).Select(m => m.Value)];

    public void Dispose() => _listener.Dispose();

    private void Add(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        _totals.AddOrUpdate(name + "|" + string.Join(',', parts), value, (_, total) => total + value);
    }
}
