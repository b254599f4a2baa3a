using System.Diagnostics.Metrics;

namespace Appliance.Calls;

/// <summary>Call counts and durations (Meter "Appliance.Calls").</summary>
public sealed class CallMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _outbound;

    public CallMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create("Appliance.Calls") ?? new Meter("Appliance.Calls");
        _calls = _meter.CreateCounter<long>("appliance.calls", description: "Inbound calls by outcome: answered, rejected (with status) and how answered calls ended.");
        _duration = _meter.CreateHistogram<double>("appliance.calls.duration", unit: "s", description: "Duration of answered calls.");
        _outbound = _meter.CreateCounter<long>("appliance.calls.outbound", description: "Outbound calls by outcome (answered, busy, no_answer, rejected, failed, cancelled) and final SIP status.");
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

    /// <summary>An outbound call attempt settled (counted when it ends, so a call counts once).</summary>
    public void Outbound(CallDisposition disposition, int? status) =>
        _outbound.Add(1, new KeyValuePair<string, object?>("outcome", DispositionName(disposition)),
            new KeyValuePair<string, object?>("status", status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""));

    public void AnsweredCallEnded(TimeSpan duration) => _duration.Record(duration.TotalSeconds);

    private static string DispositionName(CallDisposition disposition) => disposition switch
    {
        CallDisposition.Answered => "answered",
        CallDisposition.Busy => "busy",
        CallDisposition.NoAnswer => "no_answer",
        CallDisposition.Rejected => "rejected",
        CallDisposition.Failed => "failed",
        _ => "cancelled",
    };

    public void Dispose() => _meter.Dispose();
}
