using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Sip.Authentication;
using Appliance.Sip.Message;
using Appliance.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Appliance.Sip.Registration;

/// <summary>
/// Keeps one binding at a registrar alive for days (RFC 3261 §10.2): registers with digest
/// authentication, refreshes before the granted expiry, learns its public address from the
/// registrar's received/rport (RFC 3581) and re-registers with it, keeps the NAT binding open
/// between refreshes, backs off with jitter on failure (honouring Retry-After), alternates to a
/// secondary registrar, and unregisters on stop.
/// </summary>
public sealed partial class SipRegistration : IAsyncDisposable
{
    /// <summary>Refresh once this share of the granted time has passed (and at least 5 s before expiry).</summary>
    private const double RefreshShare = 0.8;

    private static readonly byte[] CrlfPing = "\r\n\r\n"u8.ToArray();

    private readonly RegistrationOptions _options;
    private readonly ISipRequestChannel _channel;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RegisterRequestBuilder _builder;
    private readonly DigestClient _digest;
    private readonly Random _jitter;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private string _contactHost;
    private int _contactPort;
    private TimeSpan _expires;
    private bool _useSecondary;
    private SipDestination? _destination;

    public SipRegistration(RegistrationOptions options, ISipRequestChannel channel, TimeProvider time, ILogger logger, Random? jitter = null)
    {
        _options = options;
        _channel = channel;
        _time = time;
        _logger = logger;
        _builder = new RegisterRequestBuilder(options);
        _digest = new DigestClient(options.AuthUsername ?? options.Username, options.Password);
        _jitter = jitter ?? Random.Shared;
        _contactHost = options.ContactHost;
        _contactPort = options.ContactPort;
        _expires = options.Expires;
    }

    public string Name => _options.Name;
    public RegistrationState State { get; private set; }

    /// <summary>When the current binding lapses (null when not registered).</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>The last failure, in words an operator can act on.</summary>
    public string? LastError { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    /// <summary>Successful exchanges (first registrations and refreshes) since start.</summary>
    public long Registrations { get; private set; }

    /// <summary>Failed exchanges since start.</summary>
    public long Failures { get; private set; }

    /// <summary>The Contact the registrar holds (the learned public address behind NAT).</summary>
    public string Contact => $"{_contactHost}:{_contactPort}";

    public event Action<SipRegistration>? StateChanged;

    /// <summary>Begins registering; runs until <see cref="StopAsync"/>. The first exchange starts on the calling thread.</summary>
    public void Start() => _loop ??= RunAsync(_stop.Token);

    /// <summary>Stops refreshing and removes the binding (REGISTER with Expires: 0).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        if (State == RegistrationState.Registered)
        {
            var outcome = await RegisterOnceAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            LogUnregistered(_logger, _options.Name, outcome.Error ?? "ok");
        }
        SetState(RegistrationState.Unregistered);
        ExpiresAt = null;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (State != RegistrationState.Registered)
            {
                SetState(RegistrationState.Registering);
            }
            Attempt attempt;
            try
            {
                attempt = await RegisterOnceAsync(_expires, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            TimeSpan wait;
            if (attempt.Error is null)
            {
                ConsecutiveFailures = 0;
                Registrations++;
                LastError = null;
                ExpiresAt = _time.GetUtcNow() + attempt.Granted;
                SetState(RegistrationState.Registered);
                LogRegistered(_logger, _options.Name, Contact, (int)attempt.Granted.TotalSeconds);
                wait = TimeSpan.FromTicks(Math.Min((long)(attempt.Granted.Ticks * RefreshShare), (attempt.Granted - TimeSpan.FromSeconds(5)).Ticks));
                wait = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
                if (!await KeepAliveUntilAsync(wait, stop).ConfigureAwait(false))
                {
                    return;
                }
                continue;
            }

            ConsecutiveFailures++;
            Failures++;
            LastError = attempt.Error;
            ExpiresAt = null;
            SetState(RegistrationState.Failed);
            wait = attempt.RetryAfter ?? Backoff(ConsecutiveFailures);
            LogFailed(_logger, _options.Name, attempt.Error, ConsecutiveFailures, wait.TotalSeconds);
            if (_options.SecondaryRegistrarHost is not null)
            {
                _useSecondary = !_useSecondary;
                _destination = null;
            }
            try
            {
                await ClockDelay.WaitAsync(_time, wait, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Full-jitter exponential backoff: uniform in [initial/2, min(max, initial·2^(n-1))].</summary>
    internal TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(_options.MaxBackoff.TotalSeconds, _options.InitialBackoff.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 20)));
        var floor = _options.InitialBackoff.TotalSeconds / 2;
        return TimeSpan.FromSeconds(floor + (_jitter.NextDouble() * Math.Max(0, ceiling - floor)));
    }

    /// <summary>Sends keep-alives until the refresh is due; false when stopped.</summary>
    private async Task<bool> KeepAliveUntilAsync(TimeSpan wait, CancellationToken stop)
    {
        var due = _time.GetUtcNow() + wait;
        try
        {
            while (true)
            {
                var left = due - _time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return true;
                }
                var step = _options.Keepalive == RegistrationKeepalive.None || left < _options.KeepaliveInterval ? left : _options.KeepaliveInterval;
                await ClockDelay.WaitAsync(_time, step, stop).ConfigureAwait(false);
                if (step == _options.KeepaliveInterval && _destination is { } destination)
                {
                    await SendKeepaliveAsync(destination, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SendKeepaliveAsync(SipDestination destination, CancellationToken stop)
    {
        try
        {
            if (_options.Keepalive == RegistrationKeepalive.Crlf)
            {
                await _channel.SendRawAsync(CrlfPing, destination, stop).ConfigureAwait(false);
            }
            else if (_options.Keepalive == RegistrationKeepalive.Options)
            {
                var (host, port) = Registrar();
                await _channel.SendAsync(_builder.BuildOptions(RegisterRequestBuilder.RequestUri(host, port), Domain(host)), destination, stop).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            LogKeepaliveFailed(_logger, _options.Name, ex.Message);
        }
    }

    private readonly record struct Attempt(string? Error, TimeSpan Granted, TimeSpan? RetryAfter);

    /// <summary>One registration exchange, through challenges, 423 and contact correction.</summary>
    private async Task<Attempt> RegisterOnceAsync(TimeSpan expires, CancellationToken cancellationToken)
    {
        var (host, port) = Registrar();
        SipDestination destination;
        try
        {
            destination = _destination ??= await ResolveAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            return new Attempt($"cannot resolve registrar {host}: {ex.Message}", default, null);
        }

        var requestUri = RegisterRequestBuilder.RequestUri(host, port);
        var authorizationKind = SipHeaderKind.Authorization;
        string? authorization = _digest.Challenge is null ? null : _digest.Authorize("REGISTER", requestUri);
        for (var exchange = 0; exchange < 6; exchange++)
        {
            var request = _builder.Build(requestUri, Domain(host), _contactHost, _contactPort, expires, authorizationKind, authorization);
            var outcome = await _channel.SendAsync(request, destination, cancellationToken).ConfigureAwait(false);
            if (outcome.Response is not { } response)
            {
                _destination = null;
                return new Attempt($"no answer from {destination.EndPoint} ({outcome.Failure})", default, null);
            }

            switch (response.StatusCode)
            {
                case >= 200 and < 300:
                    _digest.Succeeded();
                    if (expires > TimeSpan.Zero && LearnPublicAddress(response))
                    {
                        // RFC 3581: the registrar saw us at another address (NAT); bind that one instead.
                        authorization = _digest.Authorize("REGISTER", requestUri);
                        continue;
                    }
                    return new Attempt(null, GrantedExpires(response, expires), null);
                case 401 or 407:
                    authorizationKind = response.StatusCode == 401 ? SipHeaderKind.Authorization : SipHeaderKind.ProxyAuthorization;
                    var challenge = DigestChallenge.SelectStrongest(HeaderLines(response, response.StatusCode == 401 ? SipHeaderKind.WwwAuthenticate : SipHeaderKind.ProxyAuthenticate));
                    if (challenge is null || (_options.Realm is { } realm && !realm.Equals(challenge.Realm, StringComparison.OrdinalIgnoreCase)))
                    {
                        return new Attempt($"{response.StatusCode} with no digest challenge we can answer", default, null);
                    }
                    if (!_digest.Accept(challenge))
                    {
                        return new Attempt($"{response.StatusCode} {Reason(response)}: credentials rejected (check username and password)", default, null);
                    }
                    authorization = _digest.Authorize("REGISTER", requestUri);
                    continue;
                case 423 when response.TryGetDeltaSeconds(SipHeaderKind.MinExpires, out var minimum):
                    expires = TimeSpan.FromSeconds(minimum);
                    _expires = expires;
                    authorization = _digest.Challenge is null ? null : _digest.Authorize("REGISTER", requestUri);
                    continue;
                default:
                    TimeSpan? retryAfter = response.TryGetDeltaSeconds(SipHeaderKind.RetryAfter, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
                    return new Attempt($"{response.StatusCode} {Reason(response)}", default, retryAfter);
            }
        }
        return new Attempt("registrar kept challenging or redirecting", default, null);
    }

    /// <summary>Adopts received/rport from our Via when they differ from the Contact; true when it changed.</summary>
    private bool LearnPublicAddress(SipMessage response)
    {
        var via = response.TopVia;
        var host = via.Received.IsEmpty ? _contactHost : Encoding.ASCII.GetString(via.Received.Span);
        var port = via.Rport > 0 ? via.Rport : _contactPort;
        if (host == _contactHost && port == _contactPort)
        {
            return false;
        }
        LogLearnedAddress(_logger, _options.Name, $"{_contactHost}:{_contactPort}", $"{host}:{port}");
        _contactHost = host;
        _contactPort = port;
        return true;
    }

    /// <summary>The expiry the registrar granted: our Contact's expires parameter, else Expires, else what we asked.</summary>
    private TimeSpan GrantedExpires(SipMessage response, TimeSpan requested)
    {
        var ours = Encoding.ASCII.GetBytes($"{_contactHost}:{_contactPort}");
        foreach (var value in response.GetValues(SipHeaderKind.Contact))
        {
            if (SipNameAddress.TryParse(value, out var contact) && contact.TryGetExpires(out var seconds)
                && value.Span.IndexOf(ours) >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }
        if (response.TryGetDeltaSeconds(SipHeaderKind.Expires, out var headerSeconds))
        {
            return TimeSpan.FromSeconds(headerSeconds);
        }
        return requested;
    }

    private static IEnumerable<string> HeaderLines(SipMessage response, SipHeaderKind kind)
    {
        var lines = new List<string>();
        foreach (var header in response.Headers)
        {
            if (header.Kind == kind)
            {
                lines.Add(Encoding.UTF8.GetString(header.Value.Span));
            }
        }
        return lines;
    }

    private static string Reason(SipMessage response) => Encoding.UTF8.GetString(response.ReasonPhrase.Span);

    private (string Host, int Port) Registrar() => _useSecondary && _options.SecondaryRegistrarHost is { } secondary
        ? (secondary, _options.SecondaryRegistrarPort)
        : (_options.RegistrarHost, _options.RegistrarPort);

    private string Domain(string registrarHost) => _options.Domain ?? registrarHost;

    private async Task<SipDestination> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _options.Resolve(host, cancellationToken).ConfigureAwait(false);
        var chosen = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new ArgumentException("no addresses");
        var transport = _options.Transport.Equals("tcp", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Tcp : SipTransportKind.Udp;
        return new SipDestination(SipEndPoint.FromIPEndPoint(new IPEndPoint(chosen, port)), transport);
    }

    private void SetState(RegistrationState state)
    {
        if (State != state)
        {
            State = state;
            StateChanged?.Invoke(this);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "Trunk {Trunk} registered as {Contact} for {Seconds} s")]
    private static partial void LogRegistered(ILogger logger, string trunk, string contact, int seconds);

    [LoggerMessage(LogLevel.Warning, "Trunk {Trunk} registration failed: {Error} (failure {Count}, retry in {Seconds:F1} s)")]
    private static partial void LogFailed(ILogger logger, string trunk, string error, int count, double seconds);

    [LoggerMessage(LogLevel.Information, "Trunk {Trunk} is seen at {Public}, not {Local}: re-registering with that contact")]
    private static partial void LogLearnedAddress(ILogger logger, string trunk, string local, string @public);

    [LoggerMessage(LogLevel.Information, "Trunk {Trunk} unregistered ({Result})")]
    private static partial void LogUnregistered(ILogger logger, string trunk, string result);

    [LoggerMessage(LogLevel.Debug, "Trunk {Trunk} keep-alive failed: {Error}")]
    private static partial void LogKeepaliveFailed(ILogger logger, string trunk, string error);
}
