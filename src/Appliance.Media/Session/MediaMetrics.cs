using System.Diagnostics.Metrics;

namespace Appliance.Media.Session;

/// <summary>
/// The "Appliance.Media" meter. Observable instruments only: nothing is recorded per packet; at scrape time the callbacks
/// sum the plain counters of the live sessions plus the final counts of the ended ones (so counters stay monotonic).
/// One instance per host; sessions <see cref="Register"/> on start and <see cref="Unregister"/> when disposed.
/// </summary>
public sealed class MediaMetrics : IDisposable
{
    public const string MeterName = "Appliance.Media";

    private readonly Lock _lock = new();
    private readonly List<MediaSession> _live = [];
    private readonly Meter _meter;
    private MediaSessionStatistics _ended;

    /// <param name="meterFactory">The host's factory (DI), or null for a standalone meter (tests).</param>
    public MediaMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableCounter("appliance.rtp.packets_received", () => Sum(static s => s.PacketsReceived), "{packet}", "RTP packets received and accepted");
        _meter.CreateObservableCounter("appliance.rtp.packets_sent", () => Sum(static s => s.PacketsSent), "{packet}", "RTP packets sent");
        _meter.CreateObservableCounter("appliance.rtp.packets_lost", () => Sum(static s => s.PacketsLost), "{packet}", "RTP packets lost (sequence gaps)");
        _meter.CreateObservableCounter("appliance.rtp.jitter_buffer_late", () => Sum(static s => s.Late), "{packet}", "RTP packets that arrived after their playout time");
        _meter.CreateObservableCounter("appliance.rtp.concealed_frames", () => Sum(static s => s.Concealed), "{frame}", "Audio frames synthesised by loss concealment");
        _meter.CreateObservableCounter("appliance.rtp.dropped_foreign", () => Sum(static s => s.DroppedForeign), "{packet}", "Packets dropped from a source other than the latched one");
        _meter.CreateObservableUpDownCounter("appliance.media.sessions_active", () => ActiveSessions, "{session}", "Media sessions running");
    }

    /// <summary>Sessions currently registered.</summary>
    public int ActiveSessions
    {
        get
        {
            lock (_lock)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>The meter the instruments belong to (for listeners that must tell instances apart).</summary>
    public Meter Meter => _meter;

    public void Dispose() => _meter.Dispose();

    internal void Register(MediaSession session)
    {
        lock (_lock)
        {
            _live.Add(session);
        }
    }

    internal void Unregister(MediaSession session)
    {
        MediaSessionStatistics final = session.GetStatistics();
        lock (_lock)
        {
            if (!_live.Remove(session))
            {
                return;
            }

            _ended = _ended with
            {
                PacketsReceived = _ended.PacketsReceived + final.PacketsReceived,
                PacketsSent = _ended.PacketsSent + final.PacketsSent,
                PacketsLost = _ended.PacketsLost + final.PacketsLost,
                Late = _ended.Late + final.Late,
                Concealed = _ended.Concealed + final.Concealed,
                DroppedForeign = _ended.DroppedForeign + final.DroppedForeign,
            };
        }
    }

    private long Sum(Func<MediaSessionStatistics, long> counter)
    {
        lock (_lock)
        {
            long total = counter(_ended);
            foreach (MediaSession session in _live)
            {
                total += counter(session.GetStatistics());
            }

            return total;
        }
    }
}
