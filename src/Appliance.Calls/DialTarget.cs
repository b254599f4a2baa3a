namespace Appliance.Calls;

/// <summary>Where and how to send an outbound INVITE: the SIP addressing a dial plan works out from a number or URI and a trunk.</summary>
public sealed record DialTarget
{
    /// <summary>Request-URI, e.g. "sip:+15551234567@carrier.example;user=phone" or "sip:bob@10.0.0.5:5070".</summary>
    public required string RequestUri { get; init; }

    /// <summary>The To URI; the Request-URI when null.</summary>
    public string? ToUri { get; init; }

    /// <summary>Our user part in From: the caller id.</summary>
    public string FromUser { get; init; } = "appliance";

    /// <summary>From host; our own address when null (a trunk usually wants its domain here).</summary>
    public string? FromHost { get; init; }

    /// <summary>A loose-routing proxy every request goes through first ("sip:sbc.example;lr"), or null.</summary>
    public string? OutboundProxy { get; init; }

    /// <summary>Custom headers for the INVITE (X- headers from the call API).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Digest credentials for 401/407 challenges; null to give up on a challenge.</summary>
    public string? AuthUsername { get; init; }

    public string? AuthPassword { get; init; }

    /// <summary>Only answer challenges from this realm; null answers any.</summary>
    public string? AuthRealm { get; init; }

    /// <summary>The URI the INVITE is sent to first: the outbound proxy, else the Request-URI.</summary>
    public string NextHop => OutboundProxy ?? RequestUri;
}
