namespace Appliance.Pipeline.Agents;

/// <summary>Who the call is between and how it came about, for agents and the remote brain.</summary>
public sealed record CallInfo
{
    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>();

    /// <summary>The appliance's call id (the SIP Call-ID).</summary>
    public required string CallId { get; init; }

    /// <summary>Whether the caller rang us or we placed the call.</summary>
    public CallDirection Direction { get; init; }

    /// <summary>The calling party (user part of From, or the URI when it has none).</summary>
    public string From { get; init; } = "";

    /// <summary>The called party (dialled number or URI).</summary>
    public string To { get; init; } = "";

    /// <summary>The trunk the call came in on or went out through, if any.</summary>
    public string? Trunk { get; init; }

    /// <summary>The call's custom <c>X-</c> SIP headers, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Variables given when the call was placed through the call API.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = NoVariables;

    /// <summary>The negotiated audio codec's name (PCMU, PCMA, G722).</summary>
    public string Codec { get; init; } = "";
}

/// <summary>Which side started the call.</summary>
public enum CallDirection
{
    Inbound,
    Outbound,
}
