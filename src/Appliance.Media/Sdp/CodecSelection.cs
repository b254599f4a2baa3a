namespace Appliance.Media.Sdp;

/// <summary>Whose preference order picks the codec when we answer an offer.</summary>
public enum CodecSelection
{
    /// <summary>
    /// Ours (default). RFC 3264 §6.1 lets the answerer choose; the appliance's order encodes what it can do best
    /// (e.g. G.722 wideband for speech recognition, or PCMU to avoid resampling), and a carrier's order is usually arbitrary.
    /// </summary>
    Local,

    /// <summary>The offerer's: the first offered format we support, as RFC 3264 §6.1 recommends absent a reason not to.</summary>
    Offerer,
}
