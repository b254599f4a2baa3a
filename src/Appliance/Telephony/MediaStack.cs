using System.Net;
using Appliance.Configuration;
using Appliance.Media.Codecs;
using Appliance.Media.Pacing;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;

namespace Appliance.Telephony;

/// <summary>
/// What every call's media shares, composed from configuration: the 20 ms pacer and its loop, the session factory, the
/// RTP port range and the codec preference. Shared by the service and the <c>appliance call</c> client.
/// </summary>
internal sealed class MediaStack : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping;
    private readonly Task _pacerLoop;

    private MediaStack(CancellationTokenSource stopping, Task pacerLoop, MediaSessionFactory sessions, RtpPortAllocator ports, IReadOnlyList<SdpCodec> codecs)
    {
        _stopping = stopping;
        _pacerLoop = pacerLoop;
        Sessions = sessions;
        Ports = ports;
        Codecs = codecs;
    }

    public MediaSessionFactory Sessions { get; }

    public RtpPortAllocator Ports { get; }

    /// <summary>Codecs to offer and accept, most preferred first.</summary>
    public IReadOnlyList<SdpCodec> Codecs { get; }

    /// <summary>Starts the pacer loop; sessions created from <see cref="Sessions"/> tick on it.</summary>
    public static MediaStack Start(MediaConfig media, TimeProvider time)
    {
        var stopping = new CancellationTokenSource();
        var pacer = new MediaPacer(time);
        var pacerLoop = pacer.RunAsync(stopping.Token);
        var sessions = new MediaSessionFactory(
            CodecRegistry.CreateDefault(),
            new MediaSessionOptions
            {
                JitterMinDelay = TimeSpan.FromMilliseconds(media.JitterMinMs),
                JitterMaxDelay = TimeSpan.FromMilliseconds(media.JitterMaxMs),
                MediaTimeout = media.MediaTimeoutSeconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(media.MediaTimeoutSeconds),
            },
            time,
            pacer,
            new MediaMetrics());
        var ports = new RtpPortAllocator(IPAddress.IPv6Any, media.RtpPortMin, media.RtpPortMax);
        var codecs = media.Codecs.Select(name => SdpCodec.TryFromName(name, out var codec) ? codec : throw new InvalidOperationException($"codec {name}")).ToList();
        return new MediaStack(stopping, pacerLoop, sessions, ports, codecs);
    }

    /// <summary>Stops the pacer loop (sessions must be stopped first).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _pacerLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }
}
