using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Tests.Realtime.Harness;

/// <summary>Listens to one <see cref="ProviderMetrics"/> instance (tests run in parallel): token totals by kind, and every latency measurement.</summary>
internal sealed class MetricsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _tokens = new();
    private readonly ConcurrentQueue<(string Kind, long Tokens)> _callTokens = new();
    private readonly ConcurrentQueue<double> _send = new();
    private readonly ConcurrentQueue<double> _receive = new();

    public MetricsListener(ProviderMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "appliance.providers.tokens")
            {
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "kind")
                    {
                        _tokens.AddOrUpdate((string)tag.Value!, value, (_, total) => total + value);
                    }
                }
            }
            else if (instrument.Name == "appliance.providers.call_tokens")
            {
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "kind")
                    {
                        _callTokens.Enqueue(((string)tag.Value!, value));
                    }
                }
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "appliance.providers.send_latency")
            {
                _send.Enqueue(value);
            }
            else if (instrument.Name == "appliance.providers.receive_latency")
            {
                _receive.Enqueue(value);
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<double> SendLatencies => [.. _send];

    public IReadOnlyList<double> ReceiveLatencies => [.. _receive];

    public long Total(string kind) => _tokens.GetValueOrDefault(kind);

    /// <summary>The per-call token totals recorded so far (one per call and kind).</summary>
    public IReadOnlyList<(string Kind, long Tokens)> CallTokens => [.. _callTokens];

    public void Dispose() => _listener.Dispose();
}
