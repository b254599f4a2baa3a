namespace Appliance.Providers.Brain;

/// <summary>A call lifecycle event posted to <c>/events</c> (JSON, snake_case; unset fields are omitted).</summary>
public sealed class BrainEvent
{
    /// <summary>Event type: the call started.</summary>
    public const string StartedType = "started";

    /// <summary>Event type: the caller pressed a DTMF key.</summary>
    public const string DtmfType = "dtmf";

    /// <summary>Event type: the call ended.</summary>
    public const string EndedType = "ended";

    private BrainEvent(string callId, string type, DateTimeOffset at)
    {
        CallId = callId;
        Type = type;
        At = at;
    }

    /// <summary>The appliance's call id.</summary>
    public string CallId { get; }

    /// <summary>"started", "dtmf" or "ended".</summary>
    public string Type { get; }

    /// <summary>When it happened (ISO-8601 on the wire).</summary>
    public DateTimeOffset At { get; }

    /// <summary>The key pressed (dtmf).</summary>
    public string? Digit { get; private init; }

    /// <summary>How the call ended, e.g. "completed", "transferred", "caller_hangup", "failed" (ended).</summary>
    public string? Outcome { get; private init; }

    /// <summary>Call duration (ended).</summary>
    public double? DurationSeconds { get; private init; }

    /// <summary>Where the transcript was written (ended).</summary>
    public string? TranscriptPath { get; private init; }

    /// <summary>Where the recording was written (ended).</summary>
    public string? RecordingPath { get; private init; }

    /// <summary>Provider usage counters such as tokens by kind (ended).</summary>
    public IReadOnlyDictionary<string, long>? Usage { get; private init; }

    /// <summary>The call was answered (inbound) or connected (outbound).</summary>
    public static BrainEvent Started(string callId, DateTimeOffset at) => new(callId, StartedType, at);

    /// <summary>The caller pressed <paramref name="digit"/>.</summary>
    public static BrainEvent Dtmf(string callId, char digit, DateTimeOffset at) => new(callId, DtmfType, at) { Digit = digit.ToString() };

    /// <summary>The call ended.</summary>
    public static BrainEvent Ended(
        string callId,
        DateTimeOffset at,
        string outcome,
        TimeSpan duration,
        string? transcriptPath = null,
        string? recordingPath = null,
        IReadOnlyDictionary<string, long>? usage = null) =>
        new(callId, EndedType, at)
        {
            Outcome = outcome,
            DurationSeconds = Math.Round(duration.TotalSeconds, 3),
            TranscriptPath = transcriptPath,
            RecordingPath = recordingPath,
            Usage = usage,
        };
}
