using System.Diagnostics.Metrics;
using Appliance.Sip.Transaction;
using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

public sealed class SipUserAgentMetricsTests
{
    [Fact]
    public async Task Calls_requests_responses_and_active_dialogs_are_measured()
    {
        var longs = new List<(string Name, long Value, Dictionary<string, object?> Tags)>();
        var gauges = new List<(string Name, int Value)>();
        using var meters = new TestMeterFactory();
        using var f = new UserAgentFixture(meterFactory: meters);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's agent: tests running in parallel have meters of the same name.
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == SipTransactionMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => longs.Add((i.Name, v, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => gauges.Add((i.Name, v)));
        listener.Start();

        (IncomingCall call, _) = f.EstablishIncoming();
        listener.RecordObservableInstruments();
        f.Deliver(UserAgentFixture.InDialog("BYE", call, 2));
        await call.Ended;

        Assert.Contains(gauges, g => g is ("appliance.sip.dialogs_active", 1));
        Assert.Contains(longs, m => m.Name == "appliance.sip.calls" && (string?)m.Tags["direction"] == "inbound" && (string?)m.Tags["outcome"] == "completed");
        Assert.Contains(longs, m => m.Name == "appliance.sip.requests" && (string?)m.Tags["method"] == "INVITE" && (string?)m.Tags["direction"] == "in");
        Assert.Contains(longs, m => m.Name == "appliance.sip.requests" && (string?)m.Tags["method"] == "BYE");
        Assert.Contains(longs, m => m.Name == "appliance.sip.responses" && (int?)m.Tags["code"] == 200 && (string?)m.Tags["direction"] == "out");
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Scope = this });
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
