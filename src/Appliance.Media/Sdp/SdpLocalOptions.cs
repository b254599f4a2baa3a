using System.Net;

namespace Appliance.Media.Sdp;

/// <summary>What this endpoint can do and where it listens; comes from configuration.</summary>
public sealed record SdpLocalOptions
{
    /// <summary>Codecs in our preference order (build from config names with <see cref="SdpCodec.TryFromName"/>).</summary>
    public required IReadOnlyList<SdpCodec> Codecs { get; init; }

    /// <summary>Address written into c= and o=.</summary>
    public required IPAddress Address { get; init; }

    public required int RtpPort { get; init; }

    /// <summary>Packetization we ask the peer to use and send ourselves unless the peer asks otherwise.</summary>
    public int Ptime { get; init; } = 20;

    /// <summary>Dynamic payload type for telephone-event (RFC 4733) in our offers; null disables DTMF events.</summary>
    public int? TelephoneEventPayloadType { get; init; } = 101;

    /// <summary>The events we accept, written as a=fmtp for telephone-event.</summary>
    public string TelephoneEventFmtp { get; init; } = "0-15";

    public CodecSelection Selection { get; init; } = CodecSelection.Local;

    /// <summary>Offer a=rtcp-mux ourselves (RFC 5761). Off by default: many SIP trunks still expect RTP+1.</summary>
    public bool OfferRtcpMux { get; init; }

    /// <summary>Accept rtcp-mux when the peer offers it.</summary>
    public bool AcceptRtcpMux { get; init; } = true;

    public string Username { get; init; } = "-";

    public string SessionName { get; init; } = "-";
}
