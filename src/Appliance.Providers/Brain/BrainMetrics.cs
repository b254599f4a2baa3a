using System.Diagnostics.Metrics;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Brain;

/// <summary>The remote brain's instruments on the "Appliance.Providers" meter; one instance serves every call.</summary>
public sealed class BrainMetrics : IDisposable
{
    internal const string EndpointTag = "endpoint";
    internal const string OutcomeTag = "outcome";
    internal const string ActionTag = "action";

    private readonly bool _ownsMeter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    public BrainMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(ProviderMetrics.MeterName) ?? new Meter(ProviderMetrics.MeterName);
        Requests = Meter.CreateCounter<long>("appliance.brain.requests", "{request}", "Requests to the remote brain, by endpoint (session, tool_call, events) and outcome.");
        FailSafe = Meter.CreateCounter<long>("appliance.brain.failsafe", "{decision}", "Sessions and tool calls answered by the fail-safe fallback, by endpoint.");
        Latency = Meter.CreateHistogram<double>("appliance.brain.latency", "s", "Remote brain request duration (send to response body read), by endpoint.");
        Events = Meter.CreateCounter<long>("appliance.brain.events", "{event}", "Lifecycle events by outcome: delivered, failed (retries exhausted or 4xx), dropped (queue full).");
        Decisions = Meter.CreateCounter<long>("appliance.brain.decisions", "{decision}", "Tool-call decisions the brain made, by action (stay, transition, end, transfer); fail-safes are counted apart.");
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter { get; }

    internal Counter<long> Requests { get; }

    internal Counter<long> FailSafe { get; }

    internal Histogram<double> Latency { get; }

    internal Counter<long> Events { get; }

    internal Counter<long> Decisions { get; }

    internal static string TagValue(BrainAction action) => action switch
    {
        BrainAction.Stay => "stay",
        BrainAction.Transition => "transition",
        BrainAction.End => "end",
        _ => "transfer",
    };

    internal static string TagValue(BrainRequestOutcome outcome) => outcome switch
    {
        BrainRequestOutcome.Ok => "ok",
        BrainRequestOutcome.Timeout => "timeout",
        BrainRequestOutcome.ConnectionError => "connection_error",
        BrainRequestOutcome.HttpError => "http_error",
        _ => "bad_response",
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
