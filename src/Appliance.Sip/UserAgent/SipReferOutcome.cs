namespace Appliance.Sip.UserAgent;

/// <summary>
/// How a blind transfer (<see cref="SipCall.ReferAsync"/>) ended. <paramref name="StatusCode"/> is the final status of
/// the peer's call to the target as its NOTIFY sipfrag reported it, or the peer's refusal of the REFER itself (e.g. 403,
/// 405, 603). Otherwise: 408 when no outcome came in time; 487 (408 for reason=timeout, 603 for reason=rejected) when the
/// peer ended the subscription without a final status; 400 when its NOTIFY could not be read; 400 for a bad Refer-To URI,
/// 481 when the call is not (or no longer) established, 491 while another transfer is pending.
/// <paramref name="Reason"/> explains it in words, for logs.
/// </summary>
public sealed record SipReferOutcome(bool Succeeded, int StatusCode, string Reason);
