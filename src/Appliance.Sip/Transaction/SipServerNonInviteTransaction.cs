using System.Buffers;

namespace Appliance.Sip.Transaction;

/// <summary>Server non-INVITE transaction (RFC 3261 §17.2.2): Trying → Proceeding → Completed (Timer J) → Terminated.</summary>
public sealed class SipServerNonInviteTransaction : SipServerTransaction
{
    private IMemoryOwner<byte>? _lastResponse;

    /// <summary>Creates the transaction in Trying for a newly received request.</summary>
    public SipServerNonInviteTransaction(ISipTransactionHost host, SipTimerQueue timers, SipTimerSettings settings, bool reliable)
        : base(SipTransactionKind.ServerNonInvite, SipTransactionState.Trying, host, timers, settings, reliable)
    {
    }

    /// <summary>
    /// Sends a TU response; the transaction takes ownership of <paramref name="response"/> in every case. Returns false
    /// (and disposes it) once a final response has been sent.
    /// </summary>
    public override bool SendResponse(int statusCode, IMemoryOwner<byte> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (Sync)
        {
            if (statusCode is < 100 or > 699
                || State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                response.Dispose();
                return false;
            }

            Replace(ref _lastResponse, response);
            SetState(statusCode < 200 ? SipTransactionState.Proceeding : SipTransactionState.Completed);
            if (Transmit(_lastResponse) && statusCode >= 200)
            {
                EnterLifetime(Settings.TimerJ(IsReliable), SipTransactionTermination.Normal);
            }
        }

        ReportTermination();
        return true;
    }

    /// <summary>Feeds a retransmission of the request: resends the last response, if any; always absorbed.</summary>
    public override SipTransactionDisposition ReceiveRequest()
    {
        lock (Sync)
        {
            if (State is SipTransactionState.Proceeding or SipTransactionState.Completed)
            {
                Transmit(_lastResponse);
            }
        }

        ReportTermination();
        return SipTransactionDisposition.Absorbed;
    }

    // Only Timer J is ever armed.
    private protected override void OnTimer(SipTimer timer) => Terminate(SipTransactionTermination.Normal);

    private protected override void ReleaseBuffers() => Replace(ref _lastResponse, null);
}
