using System.Net;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;

namespace Appliance.Calls;

/// <summary>What an outbound call's media needs: where ports come from, what to offer, and the PCM rate its audio uses.</summary>
public sealed record OutboundMediaOptions
{
    public required MediaSessionFactory Sessions { get; init; }

    public required RtpPortAllocator Ports { get; init; }

    /// <summary>Codecs to offer, most preferred first.</summary>
    public required IReadOnlyList<SdpCodec> Codecs { get; init; }

    public int PtimeMs { get; init; } = 20;

    /// <summary>Address written into our SDP; null for the local address facing the next hop.</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>PCM rate the media session exchanges with its sink and source; null for the negotiated codec's own rate.</summary>
    public int? SampleRate { get; init; }
}
