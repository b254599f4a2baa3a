using System.Net;

namespace Appliance.Sip.Registration;

/// <summary>What one trunk registration needs: where, as whom, and how often.</summary>
public sealed record RegistrationOptions
{
    /// <summary>Trunk name, for logs and metrics.</summary>
    public required string Name { get; init; }

    /// <summary>Registrar host (name or address) and port; the Request-URI is sip:host[:port].</summary>
    public required string RegistrarHost { get; init; }
    public int RegistrarPort { get; init; } = 5060;

    /// <summary>Used while the primary fails; registrations alternate between the two after each failure.</summary>
    public string? SecondaryRegistrarHost { get; init; }
    public int SecondaryRegistrarPort { get; init; } = 5060;

    /// <summary>"udp" or "tcp".</summary>
    public string Transport { get; init; } = "udp";

    /// <summary>The address-of-record user (sip:user@registrar-domain).</summary>
    public required string Username { get; init; }

    /// <summary>AOR domain; the registrar host when unset.</summary>
    public string? Domain { get; init; }

    public string? AuthUsername { get; init; }
    public required string Password { get; init; }

    /// <summary>Only answer challenges for this realm (any when null).</summary>
    public string? Realm { get; init; }

    public TimeSpan Expires { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Our Contact/Via address as the registrar should reach us (the advertised address behind NAT).</summary>
    public required string ContactHost { get; init; }
    public required int ContactPort { get; init; }

    public string UserAgent { get; init; } = "Appliance";

    /// <summary>First retry delay after a failure; doubles per failure up to <see cref="MaxBackoff"/>, with full jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>NAT keep-alive towards the registrar while registered (null: none).</summary>
    public RegistrationKeepalive Keepalive { get; init; } = RegistrationKeepalive.Crlf;
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Resolves the registrar host; DNS by default, replaceable in tests.</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = (host, ct) => Dns.GetHostAddressesAsync(host, ct);
}

public enum RegistrationKeepalive
{
    None,
    Crlf,
    Options,
}
