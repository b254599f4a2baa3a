using System.Diagnostics.Metrics;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// User-agent instruments on the "Appliance.Sip" meter: <c>appliance.sip.dialogs_active</c> (observable),
/// <c>appliance.sip.calls</c> (direction, outcome), <c>appliance.sip.requests</c> (method, direction) and
/// <c>appliance.sip.responses</c> (code, direction) as seen by the TU. Tag arrays are cached: counting allocates nothing.
/// </summary>
public sealed class SipUserAgentMetrics : IDisposable
{
    private static readonly object[] BoxedCodes = CreateBoxedCodes();

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _responses;

    /// <summary>Creates the instruments; <paramref name="activeDialogs"/> is observed for the gauge.</summary>
    public SipUserAgentMetrics(Func<int> activeDialogs, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(activeDialogs);
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(SipTransactionMetrics.MeterName) ?? new Meter(SipTransactionMetrics.MeterName);
        _meter.CreateObservableGauge("appliance.sip.dialogs_active", activeDialogs, "{dialog}", "Dialogs (early or confirmed) the user agent holds.");
        _calls = _meter.CreateCounter<long>("appliance.sip.calls", "{call}", "Calls ended, by direction and outcome.");
        _requests = _meter.CreateCounter<long>("appliance.sip.requests", "{request}", "Requests received or sent by the user agent, by method.");
        _responses = _meter.CreateCounter<long>("appliance.sip.responses", "{response}", "Responses received or sent by the user agent, by status code.");
    }

    internal void CallEnded(bool incoming, SipCallEndReason reason) =>
        _calls.Add(1, new KeyValuePair<string, object?>("direction", incoming ? "inbound" : "outbound"), new KeyValuePair<string, object?>("outcome", Outcome(reason)));

    internal void Request(string method, bool received) =>
        _requests.Add(1, new KeyValuePair<string, object?>("method", method), Direction(received));

    internal void Response(int statusCode, bool received)
    {
        object code = statusCode is >= 100 and <= 699 ? BoxedCodes[statusCode - 100] : BoxedCodes[0];
        _responses.Add(1, new KeyValuePair<string, object?>("code", code), Direction(received));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static KeyValuePair<string, object?> Direction(bool received) => new("direction", received ? "in" : "out");

    private static string Outcome(SipCallEndReason reason) => reason switch
    {
        SipCallEndReason.Hangup => "completed",
        SipCallEndReason.Cancelled => "cancelled",
        SipCallEndReason.Rejected => "rejected",
        SipCallEndReason.Failed => "failed",
        SipCallEndReason.NoAck => "no_ack",
        SipCallEndReason.SessionExpired => "session_expired",
        _ => "timeout",
    };

    private static object[] CreateBoxedCodes()
    {
        var codes = new object[600];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = i + 100;
        }

        return codes;
    }
}
