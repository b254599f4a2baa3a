using System.Diagnostics.Metrics;
using System.Net;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Hosting;
using Appliance.Media.Codecs;
using Appliance.Media.Pacing;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Vad;
using Appliance.Sip.Message;
using Appliance.Sip.Registration;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;
using Appliance.Sip.UserAgent;

namespace Appliance.Telephony;

/// <summary>
/// Composes and runs the telephony stack from configuration: SIP transports → transaction layer →
/// user agent → call manager, over the shared media pacer and RTP port range, plus the trunks'
/// registrations over the same transaction layer. The drain participant for live calls.
/// </summary>
internal sealed class TelephonyService(
    ApplianceConfig config,
    CallAdmission admission,
    CallMetrics callMetrics,
    TrunkRegistrations registrations,
    AgentCatalog agents,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService, IDrainParticipant, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Meter _meter = new("Appliance.Pipeline.Vad");
    private SipTransportHub? _hub;
    private SipTimerQueue? _timers;
    private SipUserAgent? _agent;
    private CallManager? _calls;
    private Task? _pacerLoop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sip = config.Sip;
        var timerSettings = new SipTimerSettings(TimeSpan.FromMilliseconds(sip.T1Ms), TimeSpan.FromMilliseconds(sip.T2Ms), TimeSpan.FromMilliseconds(sip.T4Ms));
        var transportOptions = new SipTransportOptions { TcpIdleTimeout = TimeSpan.FromSeconds(sip.TcpIdleTimeoutSeconds) };
        var advertised = new List<SipAdvertisedAddress>();
        foreach (var listen in sip.Listen)
        {
            var kind = listen.Transport.Equals("tcp", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Tcp : SipTransportKind.Udp;
            var address = IPAddress.Parse(listen.Address);
            transportOptions.Listeners.Add(new SipListenerOptions(kind, new IPEndPoint(address, listen.Port)));
            advertised.Add(new SipAdvertisedAddress(kind.ToString().ToUpperInvariant(), sip.AdvertisedAddress ?? LocalAddress.For(address).ToString(), listen.Port));
        }

        // Load and verify the VAD weights now, not on the first caller's turn.
        _ = SileroModel.Embedded;

        var media = config.Media;
        var pacer = new MediaPacer(time);
        _pacerLoop = pacer.RunAsync(_stopping.Token);
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

        _calls = new CallManager(
            new CallManagerOptions
            {
                Codecs = codecs,
                PtimeMs = media.PtimeMs,
                AdvertisedMediaAddress = sip.AdvertisedAddress is { } a && IPAddress.TryParse(a, out var ip) ? ip : null,
            },
            admission,
            new ConfiguredCallRouter(config, agents, _meter),
            ports,
            sessions,
            time,
            loggers,
            callMetrics);

        _timers = new SipTimerQueue(time);
        _hub = new SipTransportHub(transportOptions, loggers.CreateLogger<SipTransportHub>(), time, new SipTransportMetrics());
        var adapter = new SipTransportHubAdapter(_hub);
        var binding = new SipTransactionLayerBinding(adapter);
        binding.Layer = new SipTransactionLayer(adapter, binding, _timers, timerSettings, new SipTransactionMetrics());
        _agent = new SipUserAgent(binding, new SipUserAgentOptions { Addresses = advertised, ProductName = sip.UserAgent, Timers = timerSettings }, _calls, _timers, loggers);
        binding.Agent = _agent;
        _hub.Start(binding.Layer);
        registrations.Start(new TransactionRequestChannel(binding.Layer, adapter), advertised);
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public void BeginDrain() => _calls?.BeginDrain();

    public Task WaitIdleAsync(CancellationToken cancellationToken) => _calls?.WaitIdleAsync(cancellationToken) ?? Task.CompletedTask;

    public Task AbortAsync(CancellationToken cancellationToken) => _calls?.HangupAllAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_calls is not null)
        {
            await _calls.HangupAllAsync(cancellationToken).ConfigureAwait(false);
        }
        // Unregister once calls are gone, while the transports can still carry the REGISTERs.
        await registrations.StopAsync(cancellationToken).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_hub is not null)
        {
            await _hub.DisposeAsync().ConfigureAwait(false);
        }
        if (_pacerLoop is not null)
        {
            await _pacerLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _agent?.Dispose();
        _meter.Dispose();
        _timers?.Dispose();
        _stopping.Dispose();
        await ValueTask.CompletedTask.ConfigureAwait(false);
    }
}
