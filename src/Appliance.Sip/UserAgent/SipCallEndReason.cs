namespace Appliance.Sip.UserAgent;

/// <summary>Why a call ended.</summary>
public enum SipCallEndReason
{
    /// <summary>A BYE ended an established call (see <see cref="SipCallEnd.ByRemote"/> for which side).</summary>
    Hangup,

    /// <summary>The caller cancelled before the call was answered (487 sent).</summary>
    Cancelled,

    /// <summary>We rejected the incoming call with a final non-2xx response.</summary>
    Rejected,

    /// <summary>An outgoing call got a final non-2xx response, or was cancelled by us before answer.</summary>
    Failed,

    /// <summary>No ACK came for our 2xx within 64*T1; we sent BYE (RFC 3261 §13.3.1.4).</summary>
    NoAck,

    /// <summary>The session timer expired without a refresh (RFC 4028 §10); we sent BYE.</summary>
    SessionExpired,

    /// <summary>A request timed out or the transport failed (Timer B/F, §17.1.4); the dialog is gone.</summary>
    Timeout,
}
