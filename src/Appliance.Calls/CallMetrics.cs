using System.Diagnostics.Metrics;

namespace Appliance.Calls;

/// <summary>Call counts and durations (Meter "Appliance.Calls").</summary>
public sealed class CallMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public CallMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create("Appliance.Calls") ?? new Meter("Appliance.Calls");
        _calls = _meter.CreateCounter<long>("appliance.calls", description: "Inbound calls by outcome: answered, rejected (with status) and how answered calls ended.");
        _duration = _meter.CreateHistogram<double>("appliance.calls.duration", unit: "s", description: "Duration of answered calls.");
    }

    /// <summary>Publishes the live call count, read at scrape time.</summary>
    public void Observe(Func<int> active) =>
        _meter.CreateObservableGauge("appliance.calls.active", active, description: "Calls currently live.");

    public void Answered() => _calls.Add(1, new KeyValuePair<string, object?>("outcome", "answered"), new KeyValuePair<string, object?>("status", "200"));

    public void Rejected(int status) => _calls.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"), new KeyValuePair<string, object?>("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void Ended(string reason, TimeSpan duration)
    {
        _calls.Add(1, new KeyValuePair<string, object?>("outcome", "ended_" + reason.ToLowerInvariant()), new KeyValuePair<string, object?>("status", ""));
        _duration.Record(duration.TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();
}
