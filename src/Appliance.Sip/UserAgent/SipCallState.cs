namespace Appliance.Sip.UserAgent;

/// <summary>Where a call is in its life.</summary>
public enum SipCallState
{
    /// <summary>INVITE sent or received, no 2xx yet (ringing, early media).</summary>
    Setup,

    /// <summary>2xx sent or received: media flows; in-dialog requests are possible.</summary>
    Established,

    /// <summary>Over; <see cref="SipCall.Ended"/> has completed.</summary>
    Ended,
}
