using System.Text.Json.Serialization;

namespace Appliance.Admin;

/// <summary>The body of POST /v1/calls. Unknown members are refused, so a misspelt field is an error, not silently ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record CallRequest
{
    /// <summary>E.164 number ("+15551234567") or SIP URI ("sip:bob@example.com").</summary>
    public string? To { get; init; }

    /// <summary>Trunk to call through; for a number, the only configured trunk when omitted.</summary>
    public string? Trunk { get; init; }

    /// <summary>Agent that talks once answered; the default agent when omitted.</summary>
    public string? Agent { get; init; }

    /// <summary>From user; the trunk's caller id when omitted.</summary>
    public string? CallerId { get; init; }

    /// <summary>Values handed to the agent and the brain.</summary>
    public Dictionary<string, string>? Variables { get; init; }

    /// <summary>Custom X- headers for the INVITE.</summary>
    public Dictionary<string, string>? Headers { get; init; }
}
