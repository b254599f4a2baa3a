using Appliance.Calls;
using Appliance.Pipeline.Agents;

namespace Appliance.Admin;

/// <summary>A call as the call API shows it (snake_case JSON; enum values are stable lower-case strings).</summary>
internal sealed record CallResource
{
    public required string Id { get; init; }

    /// <summary>"inbound" or "outbound".</summary>
    public required string Direction { get; init; }

    /// <summary>"dialing", "ringing", "early", "answered" or "ended".</summary>
    public required string State { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public string? Trunk { get; init; }

    public string? Agent { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Once ended: "answered", "busy", "no_answer", "rejected", "failed" or "cancelled".</summary>
    public string? Outcome { get; init; }

    public int? SipStatus { get; init; }

    public string? SipReason { get; init; }

    /// <summary>Once ended: e.g. "remote_hangup", "local_hangup", "agent_hangup", "media_timeout", "transferred", "no_answer".</summary>
    public string? EndReason { get; init; }

    /// <summary>Once ended: "remote" or "local".</summary>
    public string? EndedBy { get; init; }

    public string? Detail { get; init; }

    public string? Codec { get; init; }

    /// <summary>Seconds since answer (until the end once ended); null while unanswered.</summary>
    public double? DurationSeconds { get; init; }

    public RtpCounters? Rtp { get; init; }

    public static CallResource Of(CallStatus status, DateTimeOffset now) => new()
    {
        Id = status.Id,
        Direction = status.Direction == CallDirection.Inbound ? "inbound" : "outbound",
        State = Snake(status.State.ToString()),
        From = status.From,
        To = status.To,
        Trunk = status.Trunk,
        Agent = status.Agent,
        CreatedAt = status.CreatedAt,
        AnsweredAt = status.AnsweredAt,
        EndedAt = status.EndedAt,
        Outcome = status.Disposition is { } disposition ? Snake(disposition.ToString()) : null,
        SipStatus = status.SipStatus,
        SipReason = status.SipReason,
        EndReason = status.EndReason is { } reason ? Snake(reason.ToString()) : null,
        EndedBy = status.EndedByRemote is { } remote ? remote ? "remote" : "local" : null,
        Detail = status.Detail,
        Codec = status.Codec,
        DurationSeconds = status.AnsweredAt is { } answered ? Math.Round(((status.EndedAt ?? now) - answered).TotalSeconds, 3) : null,
        Rtp = status.Media is { } media ? RtpCounters.From(media) : null,
    };

    /// <summary>PascalCase enum name → snake_case ("NoAnswer" → "no_answer").</summary>
    private static string Snake(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
