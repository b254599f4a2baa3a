using System.Diagnostics.Metrics;
using System.Net;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Hosting;
using Appliance.Pipeline.Vad;
using Appliance.Sip.Transport;

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
    TrunkAddresses trunkAddresses,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService, IDrainParticipant, IAsyncDisposable
{
    private readonly Meter _meter = new("Appliance.Pipeline.Vad");
    private SipStack? _sip;
    private MediaStack? _media;
    private CallManager? _calls;
    private ConfiguredCallRouter? _router;

    /// <summary>Call control for the call API; null until started.</summary>
    public ICallControl? Calls => _calls;

    /// <summary>Routes the calls we place to a configured agent by name; null until started.</summary>
    public ConfiguredCallRouter? Router => _router;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sip = config.Sip;
        var listeners = sip.Listen.ConvertAll(listen => new SipListenerOptions(
            listen.Transport.Equals("tcp", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Tcp : SipTransportKind.Udp,
            new IPEndPoint(IPAddress.Parse(listen.Address), listen.Port)));

        // Trunks named by host name are recognised from the first INVITE on.
        await trunkAddresses.StartAsync(cancellationToken).ConfigureAwait(false);

        // Load and verify the VAD weights now, not on the first caller's turn.
        _ = SileroModel.Embedded;

        var media = config.Media;
        _media = MediaStack.Start(media, time);

        _calls = new CallManager(
            new CallManagerOptions
            {
                Codecs = _media.Codecs,
                PtimeMs = media.PtimeMs,
                AdvertisedMediaAddress = sip.AdvertisedAddress is { } a && IPAddress.TryParse(a, out var ip) ? ip : null,
            },
            admission,
            _router = new ConfiguredCallRouter(config, agents, trunkAddresses, _meter),
            _media.Ports,
            _media.Sessions,
            time,
            loggers,
            callMetrics);

        _sip = SipStack.Start(sip, listeners, _calls, time, loggers);
        _calls.UseUserAgent(_sip.Agent);
        registrations.Start(_sip.Requests, _sip.Advertised);
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
        if (_sip is not null)
        {
            await _sip.DisposeAsync().ConfigureAwait(false);
        }
        if (_media is not null)
        {
            await _media.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _meter.Dispose();
        await ValueTask.CompletedTask.ConfigureAwait(false);
    }
}
