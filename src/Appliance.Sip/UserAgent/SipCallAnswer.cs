namespace Appliance.Sip.UserAgent;

/// <summary>The final outcome of an outgoing INVITE: 2xx with the SDP answer, or the failure code and reason.</summary>
public sealed record SipCallAnswer(int StatusCode, string Reason, string? Sdp)
{
    public bool IsAnswered => StatusCode is >= 200 and < 300;
}
