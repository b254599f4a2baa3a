using Appliance.Sip.Registration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Sip.Tests.Registration;

public sealed class SipRegistrationTests
{
    private const string Challenge = "WWW-Authenticate: Digest realm=\"test.local\", nonce=\"n-1\", qop=\"auth\"";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeRegistrar _registrar = new();


    private static RegistrationOptions Options(Func<RegistrationOptions, RegistrationOptions>? change = null)
    {
        var options = new RegistrationOptions
        {
            Name = "carrier",
            RegistrarHost = "192.0.2.1",
            Username = "alice",
            Password = "secret123",
            ContactHost = "10.0.0.5",
            ContactPort = 5060,
            Expires = TimeSpan.FromSeconds(60),
            Keepalive = RegistrationKeepalive.None,
        };
        return change is null ? options : change(options);
    }

    private SipRegistration Start(RegistrationOptions options)
    {
        // xunit's synchronization context (installed around each test method) makes the runtime
        // refuse to inline continuations; without it, advancing the fake clock runs the
        // registration loop to its next wait before Advance returns.
        SynchronizationContext.SetSynchronizationContext(null);
        var registration = new SipRegistration(options, _registrar, _time, NullLogger.Instance, new Random(7));
        registration.Start();
        return registration;
    }

    /// <summary>Challenges requests without credentials; accepts the rest with the given granted expiry.</summary>
    private static Func<string, string?> ChallengeThenAccept(int grantedSeconds) => request =>
        request.Contains("Authorization:", StringComparison.Ordinal)
            ? FakeRegistrar.Reply(request, 200, "OK", $"Contact: <sip:alice@10.0.0.5:5060>;expires={grantedSeconds}")
            : FakeRegistrar.Reply(request, 401, "Unauthorized", Challenge);

    [Fact]
    public async Task Registers_through_a_digest_challenge_with_the_exact_request_uri()
    {
        _registrar.Respond = ChallengeThenAccept(60);
        await using var registration = Start(Options());

        Assert.Equal(RegistrationState.Registered, registration.State);
        Assert.Equal(2, _registrar.Requests.Count);
        Assert.StartsWith("REGISTER sip:192.0.2.1 SIP/2.0\r\n", _registrar.Requests[1], StringComparison.Ordinal);
        var authorization = FakeRegistrar.HeaderValue(_registrar.Requests[1], "Authorization")!;
        Assert.Contains("uri=\"sip:192.0.2.1\"", authorization, StringComparison.Ordinal);
        Assert.Contains("username=\"alice\"", authorization, StringComparison.Ordinal);
        Assert.Contains("nc=00000001", authorization, StringComparison.Ordinal);
        Assert.Equal(FakeRegistrar.HeaderValue(_registrar.Requests[0], "Call-ID"), FakeRegistrar.HeaderValue(_registrar.Requests[1], "Call-ID"));
        Assert.Equal("2 REGISTER", FakeRegistrar.HeaderValue(_registrar.Requests[1], "CSeq"));
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), registration.ExpiresAt);
    }

    [Fact]
    public async Task Refreshes_at_eighty_percent_of_the_granted_expiry_reusing_the_nonce()
    {
        _registrar.Respond = ChallengeThenAccept(50);
        await using var registration = Start(Options());
        Assert.Equal(2, _registrar.Requests.Count);

        _time.Advance(TimeSpan.FromSeconds(39));
        Assert.Equal(2, _registrar.Requests.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, _registrar.Requests.Count);
        Assert.Contains("nc=00000002", FakeRegistrar.HeaderValue(_registrar.Requests[2], "Authorization"), StringComparison.Ordinal);
        Assert.Equal(RegistrationState.Registered, registration.State);
        Assert.Equal(2, registration.Registrations);
    }

    [Fact]
    public async Task Wrong_password_fails_clearly_and_backs_off_with_growing_delays()
    {
        _registrar.Respond = request => FakeRegistrar.Reply(request, 401, "Unauthorized", Challenge.Replace("n-1", $"n-{_registrar.Requests.Count}", StringComparison.Ordinal));
        await using var registration = Start(Options());

        Assert.Equal(RegistrationState.Failed, registration.State);
        Assert.Contains("credentials rejected", registration.LastError, StringComparison.Ordinal);
        Assert.Equal(2, _registrar.Requests.Count);

        // Backoff: 1 s floor, ceiling 2 s after the first failure, 4 s after the second...
        var firstRetry = ExpectedFirstBackoff();
        _time.Advance(firstRetry - TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _registrar.Requests.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_registrar.Requests.Count > 2);
        Assert.Equal(2, registration.ConsecutiveFailures);
        Assert.Equal(2, registration.Failures);
        Assert.Equal(0, registration.Registrations);
    }

    /// <summary>The first failure's delay: uniform in [1 s, 2 s], drawn from the same seeded Random(7).</summary>
    private static TimeSpan ExpectedFirstBackoff() => TimeSpan.FromSeconds(1 + new Random(7).NextDouble());

    [Fact]
    public void Backoff_grows_exponentially_within_jittered_bounds_and_caps()
    {
        var registration = new SipRegistration(Options(), _registrar, _time, NullLogger.Instance, new Random(1));
        for (var failures = 1; failures <= 12; failures++)
        {
            var delay = registration.Backoff(failures).TotalSeconds;
            Assert.InRange(delay, 1, Math.Min(300, 2 * Math.Pow(2, failures - 1)));
        }
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        _registrar.Respond = request => FakeRegistrar.Reply(request, 503, "Service Unavailable", "Retry-After: 30");
        await using var registration = Start(Options());
        Assert.Single(_registrar.Requests);
        Assert.Contains("503", registration.LastError, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Single(_registrar.Requests);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _registrar.Requests.Count);
    }

    [Fact]
    public async Task Learns_received_and_rport_and_re_registers_with_the_public_contact()
    {
        _registrar.Respond = request =>
        {
            var via = FakeRegistrar.HeaderValue(request, "Via")!.Replace(";rport", ";rport=40000;received=203.0.113.5", StringComparison.Ordinal);
            var contact = FakeRegistrar.HeaderValue(request, "Contact")!;
            return FakeRegistrar.Reply(request, 200, "OK", "Contact: " + contact).Replace(FakeRegistrar.HeaderValue(request, "Via")!, via, StringComparison.Ordinal);
        };
        await using var registration = Start(Options());

        Assert.Equal(2, _registrar.Requests.Count);
        Assert.Contains("<sip:alice@203.0.113.5:40000>", FakeRegistrar.HeaderValue(_registrar.Requests[1], "Contact"), StringComparison.Ordinal);
        Assert.Equal("203.0.113.5:40000", registration.Contact);
        Assert.Equal(RegistrationState.Registered, registration.State);
    }

    [Fact]
    public async Task Interval_too_brief_retries_with_min_expires()
    {
        _registrar.Respond = request => FakeRegistrar.HeaderValue(request, "Expires") == "60"
            ? FakeRegistrar.Reply(request, 423, "Interval Too Brief", "Min-Expires: 120")
            : FakeRegistrar.Reply(request, 200, "OK", "Expires: 120");
        await using var registration = Start(Options());
        Assert.Equal("120", FakeRegistrar.HeaderValue(_registrar.Requests[1], "Expires"));
        Assert.Equal(RegistrationState.Registered, registration.State);
    }

    [Fact]
    public async Task Stop_unregisters_with_expires_zero()
    {
        _registrar.Respond = ChallengeThenAccept(60);
        var registration = Start(Options());
        await registration.StopAsync(CancellationToken.None);

        var last = _registrar.Requests[^1];
        Assert.Equal("0", FakeRegistrar.HeaderValue(last, "Expires"));
        Assert.Contains(";expires=0", FakeRegistrar.HeaderValue(last, "Contact"), StringComparison.Ordinal);
        Assert.Contains("Authorization:", last, StringComparison.Ordinal);
        Assert.Equal(RegistrationState.Unregistered, registration.State);
        await registration.DisposeAsync();
    }

    [Fact]
    public async Task Fails_over_to_the_secondary_registrar_after_a_timeout()
    {
        var destinations = new List<string>();
        _registrar.Respond = request =>
        {
            destinations.Add(request.Split(' ')[1]);
            return destinations.Count == 1 ? null : FakeRegistrar.Reply(request, 200, "OK", "Expires: 60");
        };
        await using var registration = Start(Options(o => o with { SecondaryRegistrarHost = "192.0.2.2" }));
        Assert.Equal(RegistrationState.Failed, registration.State);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["sip:192.0.2.1", "sip:192.0.2.2"], destinations);
        Assert.Equal(RegistrationState.Registered, registration.State);
    }

    [Fact]
    public async Task Crlf_keepalives_flow_between_refreshes()
    {
        _registrar.Respond = ChallengeThenAccept(300);
        await using var registration = Start(Options(o => o with { Keepalive = RegistrationKeepalive.Crlf, KeepaliveInterval = TimeSpan.FromSeconds(25) }));
        _time.Advance(TimeSpan.FromSeconds(25));
        _time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(2, _registrar.Pings);
        Assert.Equal(2, _registrar.Requests.Count);
    }
}
