namespace Appliance.Sip.UserAgent;

/// <summary>What <see cref="SipUserAgent.PlaceCall"/> needs to place a call.</summary>
public sealed class OutgoingCallRequest
{
    /// <summary>Request-URI, e.g. "sip:+15551234567@carrier.example;user=phone".</summary>
    public required string RequestUri { get; init; }

    /// <summary>Our SDP offer.</summary>
    public required string Sdp { get; init; }

    /// <summary>The To URI; the Request-URI when null.</summary>
    public string? ToUri { get; init; }

    /// <summary>Our user part in From (the calling number or name).</summary>
    public string FromUser { get; init; } = "appliance";

    public string? FromDisplayName { get; init; }

    /// <summary>From host; our advertised host when null (a trunk usually wants its own domain here).</summary>
    public string? FromHost { get; init; }

    /// <summary>A loose-routing outbound proxy ("sip:proxy.example;lr"): sent as Route and used as next hop.</summary>
    public string? OutboundProxy { get; init; }

    /// <summary>Extra headers (e.g. X-Agent, P-Asserted-Identity), sent as given.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Digest credentials for 401/407 challenges; null to fail on a challenge.</summary>
    public string? AuthUsername { get; init; }

    public string? AuthPassword { get; init; }

    /// <summary>Only answer challenges from this realm; null answers any.</summary>
    public string? AuthRealm { get; init; }

    /// <summary>Called (outside the call's lock, on a transport thread) for each 1xx above 100: ringing, early media (183 with SDP).</summary>
    public Action<OutgoingCall, SipProvisional>? OnProvisional { get; init; }
}
