using Appliance.Sip.Message;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Registration;

/// <summary>Where an out-of-dialog request goes.</summary>
public readonly record struct SipDestination(SipEndPoint EndPoint, SipTransportKind Transport);

/// <summary>The end of a client transaction: a final response, or why there is none.</summary>
public sealed record SipRequestOutcome(SipMessage? Response, string? Failure)
{
    public static SipRequestOutcome Timeout { get; } = new(null, "timeout");
}

/// <summary>
/// Sends a complete request as a client transaction and yields its final response. The seam between
/// user-agent usages (registration, keep-alive OPTIONS) and the transaction layer.
/// </summary>
public interface ISipRequestChannel
{
    Task<SipRequestOutcome> SendAsync(ReadOnlyMemory<byte> request, SipDestination destination, CancellationToken cancellationToken);

    /// <summary>Sends bytes with no transaction (the CRLF keep-alive of RFC 5626 §4.4.1).</summary>
    ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes, SipDestination destination, CancellationToken cancellationToken);
}
