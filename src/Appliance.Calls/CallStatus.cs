using Appliance.Media.Session;
using Appliance.Pipeline.Agents;

namespace Appliance.Calls;

/// <summary>A snapshot of one call, live or recently ended: what the call API reports.</summary>
public sealed record CallStatus
{
    /// <summary>The SIP Call-ID, which is also the call id in logs.</summary>
    public required string Id { get; init; }

    public required CallDirection Direction { get; init; }

    public CallState State { get; init; }

    /// <summary>The calling party (our caller id outbound).</summary>
    public required string From { get; init; }

    /// <summary>The called party (the number or URI dialled).</summary>
    public required string To { get; init; }

    public string? Trunk { get; init; }

    public string? Agent { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Set once the call has ended.</summary>
    public CallDisposition? Disposition { get; init; }

    /// <summary>The final SIP status of the call's INVITE (200 when answered), once known.</summary>
    public int? SipStatus { get; init; }

    public string? SipReason { get; init; }

    /// <summary>Why the call ended, once it has.</summary>
    public CallEndReason? EndReason { get; init; }

    /// <summary>True when the other side ended the call.</summary>
    public bool? EndedByRemote { get; init; }

    /// <summary>More about how it ended, when there is more to say (an unusable answer, a transport failure).</summary>
    public string? Detail { get; init; }

    /// <summary>The negotiated codec, once media is up.</summary>
    public string? Codec { get; init; }

    /// <summary>RTP counters: live while media runs, final once the call ended; null before media.</summary>
    public MediaSessionStatistics? Media { get; init; }
}
