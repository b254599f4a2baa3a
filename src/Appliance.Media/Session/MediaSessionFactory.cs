using Appliance.Media.Codecs;
using Appliance.Media.Pacing;
using Appliance.Media.Sdp;
using Appliance.Media.Sockets;

namespace Appliance.Media.Session;

/// <summary>
/// What every call's media shares (codecs, pacer, clock, metrics, defaults); the call layer holds one and creates a
/// <see cref="MediaSession"/> per call from the SDP negotiation result and the ports it allocated.
/// </summary>
public sealed class MediaSessionFactory
{
    private readonly CodecRegistry _codecs;
    private readonly TimeProvider _time;
    private readonly MediaPacer? _pacer;
    private readonly MediaMetrics? _metrics;

    /// <param name="pacer">The shared pacer that ticks sessions; null when the caller ticks them itself (tests, benchmarks).</param>
    public MediaSessionFactory(CodecRegistry codecs, MediaSessionOptions options, TimeProvider time, MediaPacer? pacer, MediaMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options.PipelineSampleRate < 8000 || options.PipelineSampleRate % 1000 != 0)
        {
            // 20 ms frames must be a whole number of samples at every rate involved.
            throw new ArgumentException("PipelineSampleRate must be a multiple of 1000 Hz, at least 8000.", nameof(options));
        }

        _codecs = codecs;
        Options = options;
        _time = time;
        _pacer = pacer;
        _metrics = metrics;
    }

    /// <summary>Defaults applied when <see cref="Create"/> is given no options.</summary>
    public MediaSessionOptions Options { get; }

    /// <summary>
    /// Creates a (not yet started) session that takes ownership of <paramref name="ports"/> (released by its Dispose).
    /// </summary>
    /// <exception cref="ArgumentException">The negotiated codec is not in the registry (the negotiator and registry
    /// disagree); the ports then stay with the caller.</exception>
    public MediaSession Create(NegotiatedMedia media, RtpPortPair ports, IMediaSessionObserver? observer = null, MediaSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(ports);
        return new MediaSession(media, ports, _codecs, options ?? Options, _time, _pacer, _metrics, observer);
    }
}
