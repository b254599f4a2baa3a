using System.Diagnostics.Metrics;
using Appliance.Media.Session;

namespace Appliance.Media.Tests.Session;

public class MediaMetricsTests
{
    [Fact]
    public void Observable_instruments_sum_live_sessions_and_keep_ended_ones_monotonic()
    {
        using var metrics = new MediaMetrics();
        using var harness = new SessionHarness(metrics: metrics);
        (MediaSession a, MediaSession b) = harness.Pair();
        a.Connect(null, new ToneSource());
        harness.Tick(50);

        Dictionary<string, long> first = Observe(metrics);
        Assert.Equal(100, first["appliance.rtp.packets_sent"]);
        Assert.InRange(first["appliance.rtp.packets_received"], 98, 100);
        Assert.Equal(2, first["appliance.media.sessions_active"]);
        Assert.Equal(0, first["appliance.rtp.dropped_foreign"]);
        Assert.True(first.ContainsKey("appliance.rtp.packets_lost"));
        Assert.True(first.ContainsKey("appliance.rtp.jitter_buffer_late"));
        Assert.True(first.ContainsKey("appliance.rtp.concealed_frames"));

        a.Dispose();
        harness.Tick(10);

        Dictionary<string, long> second = Observe(metrics);
        Assert.Equal(1, second["appliance.media.sessions_active"]);
        Assert.Equal(110, second["appliance.rtp.packets_sent"]); // a's 50 kept after it ended, b's 60
        Assert.Equal(1, metrics.ActiveSessions);
    }

    private static Dictionary<string, long> Observe(MediaMetrics metrics)
    {
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
