namespace Appliance.Calls;

/// <summary>Where a call is in its life; it only ever moves forward.</summary>
public enum CallState
{
    /// <summary>Outbound: INVITE sent, nothing but 100 Trying back yet.</summary>
    Dialing,

    /// <summary>Outbound: the callee is alerting (180, or 183 without SDP). Inbound: not answered yet.</summary>
    Ringing,

    /// <summary>Outbound: a 183 carried SDP and its early media is being received.</summary>
    Early,

    /// <summary>Answered: media and the agent run.</summary>
    Answered,

    /// <summary>Over; <see cref="CallStatus.Disposition"/> says how.</summary>
    Ended,
}
