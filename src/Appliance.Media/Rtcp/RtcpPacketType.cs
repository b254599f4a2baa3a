namespace Appliance.Media.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public enum RtcpPacketType : byte
{
    /// <summary>SR: sender report.</summary>
    SenderReport = 200,

    /// <summary>RR: receiver report.</summary>
    ReceiverReport = 201,

    /// <summary>SDES: source description items.</summary>
    SourceDescription = 202,

    /// <summary>BYE: goodbye.</summary>
    Goodbye = 203,

    /// <summary>APP: application-defined.</summary>
    ApplicationDefined = 204,

    /// <summary>RTPFB: generic transport-layer feedback.</summary>
    TransportFeedback = 205,

    /// <summary>PSFB: payload-specific feedback.</summary>
    PayloadFeedback = 206,
}
