namespace Appliance.Media.Sdp;

/// <summary>Outcome of an offer/answer step. Everything except Accepted maps to 488 Not Acceptable Here for an offer.</summary>
public enum SdpNegotiationStatus
{
    Accepted,
    /// <summary>An audio stream was offered but none of its formats is one we support.</summary>
    NoCommonCodec,
    /// <summary>No usable audio stream (none, all disabled, or an unsupported transport such as RTP/SAVP).</summary>
    NoAudioStream,
    /// <summary>The chosen stream has no c= at media or session level, or its c= is a host name (not resolved here).</summary>
    UnusableConnection,
    /// <summary>The peer rejected our stream (port 0) in its answer.</summary>
    Rejected,
    /// <summary>The answer does not fit our offer (m-line count, or a format we never offered).</summary>
    InvalidAnswer,
    /// <summary>An answer arrived but no offer of ours is outstanding.</summary>
    NoOfferPending,
}
