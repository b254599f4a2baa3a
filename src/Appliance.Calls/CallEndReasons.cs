using Appliance.Sip.UserAgent;

namespace Appliance.Calls;

/// <summary>The <see cref="CallEndReason"/> a SIP-level end means when nothing more specific is known.</summary>
internal static class CallEndReasons
{
    public static CallEndReason FromSip(SipCallEnd end) => end.Reason switch
    {
        SipCallEndReason.Hangup => end.ByRemote ? CallEndReason.RemoteHangup : CallEndReason.LocalHangup,
        SipCallEndReason.Cancelled => CallEndReason.Cancelled,
        SipCallEndReason.Rejected => CallEndReason.Rejected,
        SipCallEndReason.NoAck => CallEndReason.NoAck,
        SipCallEndReason.SessionExpired => CallEndReason.SessionExpired,
        SipCallEndReason.Timeout => CallEndReason.Timeout,
        _ => CallEndReason.Failed,
    };
}
