namespace Appliance.Media.Sdp;

/// <summary>
/// Result of answering an offer or processing an answer. <see cref="Answer"/> is set only when we answered an offer
/// successfully; <see cref="Media"/> whenever <see cref="Status"/> is Accepted.
/// </summary>
public sealed record SdpNegotiationResult(SdpNegotiationStatus Status, SessionDescription? Answer, NegotiatedMedia? Media)
{
    public bool Success => Status == SdpNegotiationStatus.Accepted;

    internal static SdpNegotiationResult Fail(SdpNegotiationStatus status) => new(status, null, null);
}
