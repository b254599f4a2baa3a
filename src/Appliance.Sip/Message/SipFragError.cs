namespace Appliance.Sip.Message;

/// <summary>Why a message/sipfrag body gave no status line; <see cref="None"/> means it parsed.</summary>
public enum SipFragError : byte
{
    None = 0,

    /// <summary>No start line at all (an empty body, or only line ends).</summary>
    Empty,

    /// <summary>The start line is not "SIP/x.y code reason" (e.g. a request line, or text).</summary>
    NotStatusLine,

    /// <summary>A status line of a SIP version other than 2.0.</summary>
    UnsupportedVersion,

    /// <summary>The status code is not three digits between 100 and 699.</summary>
    BadStatusCode,

    /// <summary>The reason phrase holds a control character.</summary>
    BadReasonPhrase,
}
