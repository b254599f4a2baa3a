using System.Net;

namespace Appliance.Media.Sdp;

/// <summary>
/// The audio stream both sides agreed on. Payload types are split by direction: RFC 3264 §5.1 says the numbers in an SDP
/// are the ones its writer receives, so we send with the peer's numbers and accept our own.
/// </summary>
public sealed record NegotiatedMedia
{
    public required IPEndPoint RemoteRtp { get; init; }

    /// <summary>Equal to <see cref="RemoteRtp"/> when <see cref="RtcpMux"/>.</summary>
    public required IPEndPoint RemoteRtcp { get; init; }

    public required SdpCodec Codec { get; init; }

    public required int SendPayloadType { get; init; }

    public required int ReceivePayloadType { get; init; }

    /// <summary>Null when the peer did not agree to telephone-event.</summary>
    public int? SendTelephoneEventPayloadType { get; init; }

    public int? ReceiveTelephoneEventPayloadType { get; init; }

    /// <summary>Milliseconds of audio per packet we send (the peer's ptime, capped by its maxptime).</summary>
    public required int Ptime { get; init; }

    /// <summary>Our direction: SendOnly means we send and the peer does not; RecvOnly/Inactive mean "do not send".</summary>
    public required MediaDirection Direction { get; init; }

    public required bool RtcpMux { get; init; }
}
