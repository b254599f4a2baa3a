using Appliance.Pipeline.Agents;
using Microsoft.Extensions.Logging;

namespace Appliance.Calls;

/// <summary>What the agent may do to its call: hang up, transfer (REFER), send DTMF.</summary>
internal sealed partial class ActiveCall : ICallActions
{
    /// <summary>How long each sent DTMF key is held: long enough for any IVR, short enough for long strings.</summary>
    private static readonly TimeSpan DtmfDuration = TimeSpan.FromMilliseconds(100);

    /// <summary>Host (and port) a transfer to a bare phone number is addressed to: the peer's domain, or null for tel:.</summary>
    public string? TransferDomain { get; init; }

    void ICallActions.Hangup(string reason) => Hangup(CallEndReason.AgentHangup, $"agent: {reason}");

    public bool SendDtmf(string digits)
    {
        if (_media is not { } media || string.IsNullOrEmpty(digits))
        {
            return false;
        }
        var queued = false;
        foreach (var digit in digits)
        {
            // The session queues events and plays them one after another on its 20 ms tick.
            queued |= media.SendDtmf(digit, DtmfDuration);
        }
        LogDtmfSent(_logger, digits, queued);
        return queued;
    }

    /// <summary>Blind transfer: REFER, and once the peer reports the new call succeeded, our leg ends with BYE.</summary>
    public async Task<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken)
    {
        if (ReferTarget(target) is not { } referTo)
        {
            return new TransferOutcome(false, 400, "the target is neither a SIP URI (without ?headers) nor an E.164 number");
        }
        var result = await _sip.ReferAsync(referTo, cancellationToken).ConfigureAwait(false);
        LogTransfer(_logger, referTo, result.StatusCode, result.Reason);
        if (result.Succeeded)
        {
            Hangup(CallEndReason.Transferred, $"transferred to {referTo}");
        }
        return new TransferOutcome(result.Succeeded, result.StatusCode, result.Reason);
    }

    private string? ReferTarget(string target)
    {
        if (target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)
            || target.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            // Blind transfer only: URI headers (?Replaces=...) would have the peer put our chosen headers in its INVITE.
            return target.Contains('?', StringComparison.Ordinal) ? null : target;
        }
        if (!E164.IsValid(target))
        {
            return null;
        }
        return TransferDomain is { } domain ? $"sip:{target}@{domain};user=phone" : "tel:" + target;
    }

    [LoggerMessage(LogLevel.Information, "Sending DTMF {Digits} (queued: {Queued})")]
    private static partial void LogDtmfSent(ILogger logger, string digits, bool queued);

    [LoggerMessage(LogLevel.Information, "Transfer to {Target}: {Status} {Reason}")]
    private static partial void LogTransfer(ILogger logger, string target, int status, string reason);
}
