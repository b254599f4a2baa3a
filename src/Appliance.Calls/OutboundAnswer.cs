using Appliance.Media.Session;

namespace Appliance.Calls;

/// <summary>How an outbound INVITE ended: its final status, and the running media session when the call is connected.</summary>
/// <param name="StatusCode">The final SIP status (408 when nothing answered).</param>
/// <param name="Reason">Its reason phrase.</param>
/// <param name="Media">The media session, when answered with a usable SDP answer.</param>
/// <param name="MediaError">Why a 2xx could not be used (the leg then hung up with BYE), or null.</param>
public sealed record OutboundAnswer(int StatusCode, string Reason, MediaSession? Media, string? MediaError);
