namespace Appliance.Calls;

/// <summary>Maps a final SIP failure status to the <see cref="CallDisposition"/> a dialler reports.</summary>
public static class CallDispositions
{
    /// <summary>The disposition of an outbound call that got final status <paramref name="status"/> (≥ 300) instead of an answer.</summary>
    public static CallDisposition FromFailureStatus(int status) => status switch
    {
        486 or 600 => CallDisposition.Busy,
        408 or 480 => CallDisposition.NoAnswer,
        487 => CallDisposition.Cancelled,
        >= 500 and < 600 => CallDisposition.Failed,
        >= 300 => CallDisposition.Rejected,
        _ => CallDisposition.Failed,
    };
}
