namespace Appliance.Media.Codecs;

/// <summary>
/// The codec of RTP payload bytes carried beside decoded PCM so they can pass through untouched. Only G.711 qualifies:
/// one byte per 8 kHz sample, so bytes and samples stay aligned however the audio is cut into frames.
/// </summary>
public enum PayloadCodec : byte
{
    /// <summary>No bytes: PCM only.</summary>
    None,

    /// <summary>G.711 µ-law.</summary>
    Pcmu,

    /// <summary>G.711 A-law.</summary>
    Pcma,
}
