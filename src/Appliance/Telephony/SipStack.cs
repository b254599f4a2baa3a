using Appliance.Configuration;
using Appliance.Sip.Registration;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;
using Appliance.Sip.UserAgent;

namespace Appliance.Telephony;

/// <summary>
/// The SIP layers composed over real sockets: transports → transaction layer → user agent, on one timer queue. Shared by
/// the service and the <c>appliance call</c> client. A listener on port 0 advertises the port the kernel gave it.
/// </summary>
internal sealed class SipStack : IAsyncDisposable
{
    private readonly SipTransportHub _hub;
    private readonly SipTimerQueue _timers;

    private SipStack(SipTransportHub hub, SipTimerQueue timers, SipUserAgent agent, IReadOnlyList<SipAdvertisedAddress> advertised, ISipRequestChannel requests)
    {
        _hub = hub;
        _timers = timers;
        Agent = agent;
        Advertised = advertised;
        Requests = requests;
    }

    public SipUserAgent Agent { get; }

    /// <summary>Our address per listener, as written into Via and Contact.</summary>
    public IReadOnlyList<SipAdvertisedAddress> Advertised { get; }

    /// <summary>Requests outside calls (REGISTER, OPTIONS) through the same transaction layer.</summary>
    public ISipRequestChannel Requests { get; }

    /// <summary>Binds the listeners and starts receiving; incoming calls go to <paramref name="handler"/>.</summary>
    public static SipStack Start(SipConfig sip, IReadOnlyList<SipListenerOptions> listeners, ISipCallHandler handler, TimeProvider time, ILoggerFactory loggers)
    {
        var timerSettings = new SipTimerSettings(TimeSpan.FromMilliseconds(sip.T1Ms), TimeSpan.FromMilliseconds(sip.T2Ms), TimeSpan.FromMilliseconds(sip.T4Ms));
        var transportOptions = new SipTransportOptions { TcpIdleTimeout = TimeSpan.FromSeconds(sip.TcpIdleTimeoutSeconds) };
        var advertised = new List<SipAdvertisedAddress>();
        foreach (var listener in listeners)
        {
            transportOptions.Listeners.Add(listener);
            advertised.Add(Advertise(sip, listener.Transport, listener.EndPoint.Address, listener.EndPoint.Port));
        }

        var timers = new SipTimerQueue(time);
        var hub = new SipTransportHub(transportOptions, loggers.CreateLogger<SipTransportHub>(), time, new SipTransportMetrics());
        var adapter = new SipTransportHubAdapter(hub);
        var binding = new SipTransactionLayerBinding(adapter);
        binding.Layer = new SipTransactionLayer(adapter, binding, timers, timerSettings, new SipTransactionMetrics());
        var agent = new SipUserAgent(binding, new SipUserAgentOptions { Addresses = advertised, ProductName = sip.UserAgent, Timers = timerSettings }, handler, timers, loggers);
        binding.Agent = agent;
        hub.Start(binding.Layer);
        // The agent is wired before the sockets open (no request finds it missing); ports 0 become known only now.
        for (var i = 0; i < advertised.Count; i++)
        {
            if (advertised[i].Port == 0)
            {
                var bound = hub.Transports[i].LocalEndPoint;
                advertised[i] = Advertise(sip, listeners[i].Transport, listeners[i].EndPoint.Address, bound.Port);
            }
        }
        return new SipStack(hub, timers, agent, advertised, new TransactionRequestChannel(binding.Layer, adapter));
    }

    private static SipAdvertisedAddress Advertise(SipConfig sip, SipTransportKind kind, System.Net.IPAddress listen, int port) =>
        new(kind.ToString().ToUpperInvariant(), sip.AdvertisedAddress ?? LocalAddress.For(listen).ToString(), port);

    /// <summary>Closes the listeners; then the agent and the timers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync().ConfigureAwait(false);
        Agent.Dispose();
        _timers.Dispose();
    }
}
