using System.Diagnostics.Metrics;

namespace Appliance.Providers.Realtime;

/// <summary>The "Appliance.Providers" meter and its instruments; one instance serves every call.</summary>
public sealed class ProviderMetrics : IDisposable
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "Appliance.Providers";

    internal const string ProviderTag = "provider";
    internal const string KindTag = "kind";

    private readonly bool _ownsMeter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    public ProviderMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Tokens = Meter.CreateCounter<long>("appliance.providers.tokens", "{token}", "Tokens billed by realtime providers, by kind (input_text, input_audio, input_cached, output_text, output_audio).");
        AudioDropped = Meter.CreateCounter<long>("appliance.providers.audio_dropped", "{message}", "Caller audio messages dropped because the provider socket could not keep up.");
        Reconnects = Meter.CreateCounter<long>("appliance.providers.reconnects", description: "Provider sessions resumed on a new connection.");
        Failures = Meter.CreateCounter<long>("appliance.providers.failures", description: "Calls ended because the provider failed (connect, setup, disconnect).");
        ServerErrors = Meter.CreateCounter<long>("appliance.providers.server_errors", description: "Error events and malformed messages received from providers.");
        SendLatency = Meter.CreateHistogram<double>("appliance.providers.send_latency", "ms", "Caller audio entering the agent to its WebSocket send completing.");
        ReceiveLatency = Meter.CreateHistogram<double>("appliance.providers.receive_latency", "ms", "Provider audio received on the WebSocket to its frames queued for playout.");
        CallTokens = Meter.CreateHistogram<long>("appliance.providers.call_tokens", "{token}", "Tokens one call used, by provider and kind, recorded when the call's agent stops.");
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter { get; }

    internal Counter<long> Tokens { get; }

    internal Counter<long> AudioDropped { get; }

    internal Counter<long> Reconnects { get; }

    internal Counter<long> Failures { get; }

    internal Counter<long> ServerErrors { get; }

    internal Histogram<double> SendLatency { get; }

    internal Histogram<double> ReceiveLatency { get; }

    internal Histogram<long> CallTokens { get; }

    internal void AddTokens(string provider, string kind, long count)
    {
        if (count > 0)
        {
            Tokens.Add(count, new KeyValuePair<string, object?>(ProviderTag, provider), new KeyValuePair<string, object?>(KindTag, kind));
        }
    }

    internal void RecordCallTokens(string provider, IReadOnlyDictionary<string, long> usage)
    {
        foreach (KeyValuePair<string, long> kind in usage)
        {
            CallTokens.Record(kind.Value, new KeyValuePair<string, object?>(ProviderTag, provider), new KeyValuePair<string, object?>(KindTag, kind.Key));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
