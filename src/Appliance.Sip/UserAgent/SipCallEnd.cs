namespace Appliance.Sip.UserAgent;

/// <summary>How a call ended: the reason, which side ended it, and the final status code when one applies (0 otherwise).</summary>
public sealed record SipCallEnd(SipCallEndReason Reason, bool ByRemote, int StatusCode = 0, string? Detail = null);
