using System.Diagnostics.Metrics;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Tests.Runtime;

/// <summary>Collects measurements from one <see cref="PipelineMetrics"/> instance (not the process-wide meter name, so tests stay independent).</summary>
internal sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, string? Processor)> _measurements = [];

    public MetricCapture(PipelineMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public List<double> Values(string instrument, string? processor = null)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument && (processor is null || m.Processor == processor)).Select(m => m.Value)];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? processor = null;
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == "processor")
            {
                processor = tag.Value as string;
            }
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, processor));
        }
    }
}
