namespace Appliance.Sip.UserAgent;

/// <summary>A provisional response to an outgoing call: 180 Ringing, or 183 with early-media SDP.</summary>
public sealed record SipProvisional(int StatusCode, string Reason, string? Sdp);
