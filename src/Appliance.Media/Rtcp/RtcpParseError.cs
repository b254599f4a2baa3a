namespace Appliance.Media.Rtcp;

/// <summary>Why bytes are not a well-formed RTCP packet or compound packet (RFC 3550 §6.1, Appendix A.2).</summary>
public enum RtcpParseError
{
    /// <summary>Well formed.</summary>
    None,

    /// <summary>Fewer than 4 bytes left, or less than the type's fixed part.</summary>
    TooShort,

    /// <summary>Version field is not 2.</summary>
    BadVersion,

    /// <summary>The length field points past the end of the datagram.</summary>
    LengthOverrun,

    /// <summary>The padding count is zero or larger than the packet body.</summary>
    BadPadding,

    /// <summary>The report count needs more bytes than the packet has.</summary>
    CountOverrun,

    /// <summary>A compound packet does not start with SR or RR.</summary>
    NotReportFirst,
}
