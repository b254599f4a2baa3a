using Appliance.Pipeline.Agents;

namespace Appliance.Providers.Brain;

/// <summary>What the brain learns about a call when its conversation starts.</summary>
public sealed record BrainCall
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>The appliance's call id; every later request and event carries it.</summary>
    public required string CallId { get; init; }

    /// <summary>Caller (From URI or number).</summary>
    public string From { get; init; } = "";

    /// <summary>Callee (To/Request URI or number).</summary>
    public string To { get; init; } = "";

    /// <summary>Inbound or outbound.</summary>
    public BrainCallDirection Direction { get; init; }

    /// <summary>Name of the trunk the call uses, if any.</summary>
    public string? Trunk { get; init; }

    /// <summary>Selected SIP headers (e.g. <c>X-Customer-Id</c>) the host chose to pass on.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = Empty;

    /// <summary>Call variables (outbound campaign data, routing results).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = Empty;

    /// <summary>What the call layer told the agent: parties, direction, trunk, the <c>X-</c> headers and the originate variables.</summary>
    /// <remarks>A header that appears more than once is sent once, its values joined with ", " (as HTTP folds repeated headers).</remarks>
    public static BrainCall Create(CallInfo call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, string> header in call.Headers)
        {
            headers[header.Key] = headers.TryGetValue(header.Key, out string? earlier) ? earlier + ", " + header.Value : header.Value;
        }

        return new BrainCall
        {
            CallId = call.CallId,
            From = call.From,
            To = call.To,
            Direction = call.Direction == CallDirection.Outbound ? BrainCallDirection.Outbound : BrainCallDirection.Inbound,
            Trunk = call.Trunk,
            Headers = headers,
            Variables = call.Variables,
        };
    }
}
