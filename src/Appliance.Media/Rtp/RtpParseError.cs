namespace Appliance.Media.Rtp;

/// <summary>Why a datagram is not a well-formed RTP packet (RFC 3550 §5.1).</summary>
public enum RtpParseError
{
    /// <summary>The packet is well formed.</summary>
    None,

    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TooShort,

    /// <summary>Version field is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC list runs past the end of the datagram.</summary>
    CsrcOverrun,

    /// <summary>The header extension runs past the end of the datagram.</summary>
    ExtensionOverrun,

    /// <summary>P is set but the padding count is zero or larger than what follows the header.</summary>
    BadPadding,
}
