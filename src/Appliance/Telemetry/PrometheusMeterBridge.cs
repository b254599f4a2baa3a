using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Appliance.Telemetry;

/// <summary>
/// Publishes the layers' System.Diagnostics.Metrics instruments (meters named "Appliance.*") and
/// a few runtime instruments as Prometheus metrics, named by Prometheus conventions:
/// '.' becomes '_', the unit becomes a suffix (_seconds, _bytes) and counters end in _total.
/// Layers stay free of any exporter; observable instruments are read only at scrape time.
/// </summary>
public sealed class PrometheusMeterBridge : IDisposable
{
    /// <summary>Runtime instruments worth a capacity planner's time, allocation above all.</summary>
    private static readonly HashSet<string> RuntimeInstruments =
    [
        "dotnet.gc.heap.total_allocated",
        "dotnet.gc.pause.time",
        "dotnet.thread_pool.queue.length",
        "dotnet.monitor.lock_contentions",
        "dotnet.exceptions",
    ];

    private readonly MeterListener _listener = new();
    private readonly IMetricFactory _factory;
    private readonly ConcurrentDictionary<Instrument, Exported> _exported = new();

    public PrometheusMeterBridge(CollectorRegistry registry)
    {
        _factory = Metrics.WithCustomRegistry(registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Appliance", StringComparison.Ordinal)
                || (instrument.Meter.Name == "System.Runtime" && RuntimeInstruments.Contains(instrument.Name)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        // Typed callbacks: converting through object would box every measurement.
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
        registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);
    }

    /// <summary>The Prometheus name for an instrument, e.g. appliance.sip.requests (counter) → appliance_sip_requests_total.</summary>
    public static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        var suffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }
        if (IsMonotonic(instrument) && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }
        return name;
    }

    private static bool IsMonotonic(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Counter<>) || type.GetGenericTypeDefinition() == typeof(ObservableCounter<>));
    }

    private static bool IsHistogram(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Histogram<>);
    }

    private void Record(Instrument instrument, double number, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_exported.TryGetValue(instrument, out var exported))
        {
            // A racing first measurement may build it twice; the registry hands both the same metric.
            exported = _exported.GetOrAdd(instrument, CreateExported(instrument, TagNames(tags)));
        }

        // Unlabelled instruments (per-frame timings among them) take the allocation-free path.
        var observable = instrument.IsObservable;
        if (exported.HasLabels)
        {
            var labels = exported.LabelValues(tags);
            switch (exported.Collector)
            {
                case Counter counter:
                    Update(counter.WithLabels(labels), number, observable);
                    break;
                case Gauge gauge:
                    Update(gauge.WithLabels(labels), number, observable);
                    break;
                case Histogram histogram:
                    histogram.WithLabels(labels).Observe(number);
                    break;
            }
            return;
        }

        switch (exported.Collector)
        {
            case Counter counter:
                Update(counter, number, observable);
                break;
            case Gauge gauge:
                Update(gauge, number, observable);
                break;
            case Histogram histogram:
                histogram.Observe(number);
                break;
        }
    }

    /// <summary>Observable counters report running totals; plain counters report increments.</summary>
    private static void Update(ICounter counter, double number, bool observable)
    {
        if (observable)
        {
            counter.IncTo(number);
        }
        else
        {
            counter.Inc(number);
        }
    }

    /// <summary>Observable gauges report values; up-down counters report changes.</summary>
    private static void Update(IGauge gauge, double number, bool observable)
    {
        if (observable)
        {
            gauge.Set(number);
        }
        else
        {
            gauge.Inc(number);
        }
    }

    private static string[] TagNames(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = tags[i].Key.Replace('.', '_');
        }
        return names;
    }

    private Exported CreateExported(Instrument instrument, string[] labelNames)
    {
        var name = PrometheusName(instrument);
        var help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
        Collector collector;
        if (IsMonotonic(instrument))
        {
            collector = _factory.CreateCounter(name, help, labelNames);
        }
        else if (IsHistogram(instrument))
        {
            collector = _factory.CreateHistogram(name, help, labelNames, new HistogramConfiguration { Buckets = BucketsFor(instrument) });
        }
        else
        {
            collector = _factory.CreateGauge(name, help, labelNames);
        }
        return new Exported(collector, labelNames);
    }

    private static double[] BucketsFor(Instrument instrument) => instrument.Unit switch
    {
        // Media and signalling latencies live between 10 µs and a few seconds.
        "s" => Histogram.ExponentialBuckets(0.00001, 2, 20),
        "ms" => Histogram.ExponentialBuckets(0.01, 2, 20),
        _ => Histogram.ExponentialBuckets(1, 2, 16),
    };

    public void Dispose() => _listener.Dispose();

    private sealed class Exported(Collector collector, string[] labelNames)
    {
        public Collector Collector { get; } = collector;
        public bool HasLabels => labelNames.Length > 0;

        /// <summary>Label values in the order fixed by the first measurement; a missing tag exports as "".</summary>
        public string[] LabelValues(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (labelNames.Length == 0)
            {
                return [];
            }
            var values = new string[labelNames.Length];
            for (var i = 0; i < labelNames.Length; i++)
            {
                values[i] = "";
                foreach (var tag in tags)
                {
                    if (tag.Key.Replace('.', '_') == labelNames[i])
                    {
                        values[i] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                        break;
                    }
                }
            }
            return values;
        }
    }
}
