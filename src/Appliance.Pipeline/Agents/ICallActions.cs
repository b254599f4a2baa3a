namespace Appliance.Pipeline.Agents;

/// <summary>What an agent may do to its call beyond audio: hang up, transfer, send keypad digits.</summary>
/// <remarks>Implemented by the call layer; every method is safe to call from any thread and after the call ended.</remarks>
public interface ICallActions
{
    /// <summary>Ends the call with BYE (or CANCEL before answer); <paramref name="reason"/> is logged.</summary>
    void Hangup(string reason);

    /// <summary>Blind transfer (SIP REFER) to a SIP URI or E.164 number; completes with the outcome the transferee reported.</summary>
    Task<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="digits"/> (0-9, *, #, A-D) to the other side as RFC 4733 events, one after another; false when none could be queued.</summary>
    bool SendDtmf(string digits);
}

/// <summary>How a transfer ended.</summary>
/// <param name="Accepted">True when the peer accepted the REFER and reported a 2xx for the new call.</param>
/// <param name="StatusCode">The last SIP status known: the REFER's response, or the final status in the NOTIFY sipfrag.</param>
/// <param name="Reason">Reason phrase or a short explanation.</param>
public sealed record TransferOutcome(bool Accepted, int StatusCode, string Reason);
