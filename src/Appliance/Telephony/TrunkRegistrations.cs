using System.Diagnostics.Metrics;
using Appliance.Configuration;
using Appliance.Sip.Registration;
using Appliance.Sip.UserAgent;

namespace Appliance.Telephony;

/// <summary>
/// One <see cref="SipRegistration"/> per trunk that has a registrar: built and started once the
/// SIP transports are up, unregistered at shutdown, and published as metrics and readiness detail.
/// </summary>
internal sealed class TrunkRegistrations : IDisposable
{
    public const string MeterName = "Appliance.Sip.Registration";

    /// <summary>A registrar that does not answer the un-REGISTER must not hold up shutdown for a whole Timer F.</summary>
    private static readonly TimeSpan UnregisterTimeout = TimeSpan.FromSeconds(5);

    private readonly ApplianceConfig _config;
    private readonly ResolvedSecrets _secrets;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly Meter _meter = new(MeterName);
    private List<SipRegistration> _registrations = [];

    public TrunkRegistrations(ApplianceConfig config, ResolvedSecrets secrets, TimeProvider time, ILoggerFactory loggers)
    {
        _config = config;
        _secrets = secrets;
        _time = time;
        _loggers = loggers;
        _meter.CreateObservableGauge("appliance.sip.registration.registered", () => Observe(r => r.State == RegistrationState.Registered ? 1 : 0),
            description: "1 while the trunk's registrar holds our binding, else 0.");
        _meter.CreateObservableGauge("appliance.sip.registration.expires_at", ObserveExpiresAt, unit: "s",
            description: "When the trunk's binding lapses unless refreshed, in Unix seconds.");
        _meter.CreateObservableCounter("appliance.sip.registration.successes", () => Observe(r => r.Registrations),
            description: "Successful REGISTER exchanges (first registrations and refreshes).");
        _meter.CreateObservableCounter("appliance.sip.registration.failures", () => Observe(r => r.Failures),
            description: "Failed REGISTER exchanges (rejected, unanswered or unresolvable).");
    }

    /// <summary>The running registrations (empty before start and when no trunk registers).</summary>
    public IReadOnlyList<SipRegistration> Registrations => _registrations;

    /// <summary>Creates and starts a registration for every trunk with a registrar, contacting us at the listener of its transport.</summary>
    public void Start(ISipRequestChannel channel, IReadOnlyList<SipAdvertisedAddress> listeners)
    {
        var registrations = new List<SipRegistration>();
        foreach (var (name, trunk) in _config.Trunks)
        {
            if (!TrunkUri.TryParse(trunk.Registrar, out var registrar))
            {
                continue;
            }
            var listener = FindListener(listeners, trunk.Transport)
                ?? throw new InvalidOperationException($"trunk {name} uses {trunk.Transport} but no SIP listener has that transport");
            var hasSecondary = TrunkUri.TryParse(trunk.SecondaryRegistrar, out var secondary);
            var options = new RegistrationOptions
            {
                Name = name,
                RegistrarHost = registrar.Host,
                RegistrarPort = registrar.Port,
                SecondaryRegistrarHost = hasSecondary ? secondary.Host : null,
                SecondaryRegistrarPort = hasSecondary ? secondary.Port : 5060,
                Transport = trunk.Transport,
                Username = trunk.Username ?? name,
                AuthUsername = trunk.AuthUsername,
                Password = _secrets.TrunkPasswords.TryGetValue(name, out var password) ? password : "",
                Realm = trunk.Realm,
                Expires = TimeSpan.FromSeconds(trunk.ExpiresSeconds),
                ContactHost = listener.Host,
                ContactPort = listener.Port,
                UserAgent = _config.Sip.UserAgent,
                Keepalive = trunk.Keepalive switch
                {
                    "options" => RegistrationKeepalive.Options,
                    "none" => RegistrationKeepalive.None,
                    _ => RegistrationKeepalive.Crlf,
                },
                KeepaliveInterval = TimeSpan.FromSeconds(trunk.KeepaliveSeconds),
            };
            registrations.Add(new SipRegistration(options, channel, _time, _loggers.CreateLogger("Appliance.Trunks")));
        }
        _registrations = registrations;
        foreach (var registration in registrations)
        {
            registration.Start();
        }
    }

    /// <summary>Removes every binding (in parallel), each given at most a few seconds.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(UnregisterTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var stops = new List<Task>();
        foreach (var registration in _registrations)
        {
            stops.Add(StopOneAsync(registration, linked.Token));
        }
        await Task.WhenAll(stops).ConfigureAwait(false);
    }

    private static async Task StopOneAsync(SipRegistration registration, CancellationToken cancellationToken)
    {
        try
        {
            await registration.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The registrar did not answer in time; the binding lapses on its own at expiry.
        }
        await registration.DisposeAsync().ConfigureAwait(false);
    }

    private static SipAdvertisedAddress? FindListener(IReadOnlyList<SipAdvertisedAddress> listeners, string transport)
    {
        foreach (var listener in listeners)
        {
            if (listener.Transport.Equals(transport, StringComparison.OrdinalIgnoreCase))
            {
                return listener;
            }
        }
        return null;
    }

    private List<Measurement<long>> Observe(Func<SipRegistration, long> value)
    {
        var measurements = new List<Measurement<long>>(_registrations.Count);
        foreach (var registration in _registrations)
        {
            measurements.Add(new Measurement<long>(value(registration), new KeyValuePair<string, object?>("trunk", registration.Name)));
        }
        return measurements;
    }

    private List<Measurement<double>> ObserveExpiresAt()
    {
        var measurements = new List<Measurement<double>>(_registrations.Count);
        foreach (var registration in _registrations)
        {
            var expiresAt = registration.ExpiresAt is { } at ? at.ToUnixTimeMilliseconds() / 1000.0 : 0;
            measurements.Add(new Measurement<double>(expiresAt, new KeyValuePair<string, object?>("trunk", registration.Name)));
        }
        return measurements;
    }

    public void Dispose() => _meter.Dispose();
}
