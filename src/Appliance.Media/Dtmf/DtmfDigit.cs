namespace Appliance.Media.Dtmf;

/// <summary>One DTMF key press reported by a receiver or detector.</summary>
/// <param name="Symbol">0–9, *, #, A–D.</param>
/// <param name="Ssrc">Source that sent it (0 for in-band detection).</param>
/// <param name="RtpTimestamp">The event's RTP timestamp (its start), or 0 for in-band detection.</param>
public readonly record struct DtmfDigit(char Symbol, uint Ssrc, uint RtpTimestamp);
