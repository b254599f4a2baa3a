namespace Appliance.Media.Sdp;

/// <summary>Why a body is not a usable session description. The UAS answers these with 400 (or 488).</summary>
public enum SdpParseError
{
    None,
    Empty,
    /// <summary>The first line is not v=0.</summary>
    BadVersion,
    /// <summary>A line is not "&lt;letter&gt;=&lt;value&gt;".</summary>
    MalformedLine,
    MissingOrigin,
    MalformedOrigin,
    MalformedConnection,
    MalformedMedia,
    /// <summary>A field appears where RFC 4566 does not allow it (e.g. a second o=).</summary>
    UnexpectedField,
}
