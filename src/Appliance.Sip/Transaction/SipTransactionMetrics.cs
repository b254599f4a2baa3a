using System.Diagnostics.Metrics;

namespace Appliance.Sip.Transaction;

/// <summary>
/// Transaction instruments on the "Appliance.Sip" meter: <c>appliance.sip.transaction_timeouts</c> (counter) and
/// <c>appliance.sip.active_transactions</c> (observable gauge), both tagged with <c>kind</c>.
/// </summary>
public sealed class SipTransactionMetrics : IDisposable
{
    /// <summary>The meter name shared by the SIP layers.</summary>
    public const string MeterName = "Appliance.Sip";

    private static readonly KeyValuePair<string, object?>[] KindTags =
    [
        new("kind", "client_invite"),
        new("kind", "client_non_invite"),
        new("kind", "server_invite"),
        new("kind", "server_non_invite"),
    ];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _timeouts;
    private readonly int[] _active = new int[KindTags.Length];

    /// <summary>Creates the instruments on the factory's meter, or on a private meter when no factory is given.</summary>
    public SipTransactionMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _timeouts = _meter.CreateCounter<long>("appliance.sip.transaction_timeouts", "{transaction}", "Transactions ended by Timer B, F or H.");
        _meter.CreateObservableGauge("appliance.sip.active_transactions", ObserveActive, "{transaction}", "Transactions not yet terminated.");
    }

    internal Meter Meter => _meter;

    /// <summary>Live transactions of <paramref name="kind"/>.</summary>
    public int Active(SipTransactionKind kind) => Volatile.Read(ref _active[(int)kind]);

    internal void Started(SipTransactionKind kind) => Interlocked.Increment(ref _active[(int)kind]);

    internal void Ended(SipTransactionKind kind, SipTransactionTermination reason)
    {
        Interlocked.Decrement(ref _active[(int)kind]);
        if (reason == SipTransactionTermination.Timeout)
        {
            _timeouts.Add(1, KindTags[(int)kind]);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private Measurement<int>[] ObserveActive()
    {
        var measurements = new Measurement<int>[KindTags.Length];
        for (int i = 0; i < measurements.Length; i++)
        {
            measurements[i] = new Measurement<int>(Volatile.Read(ref _active[i]), KindTags[i]);
        }

        return measurements;
    }
}
