using System.Buffers;

namespace Appliance.Sip.Transaction;

/// <summary>
/// Server INVITE transaction (RFC 3261 §17.2.1 with the RFC 6026 Accepted state): Proceeding → Completed (non-2xx,
/// Timers G/H) → Confirmed (ACK, Timer I) → Terminated, or Proceeding → Accepted (2xx, Timer L) → Terminated.
/// </summary>
public sealed class SipServerInviteTransaction : SipServerTransaction
{
    private IMemoryOwner<byte>? _lastResponse;
    private SipRetransmitBackoff _timerG;
    private bool _started;

    /// <summary>Creates the transaction in Proceeding for a newly received INVITE.</summary>
    public SipServerInviteTransaction(ISipTransactionHost host, SipTimerQueue timers, SipTimerSettings settings, bool reliable)
        : base(SipTransactionKind.ServerInvite, SipTransactionState.Proceeding, host, timers, settings, reliable)
    {
        _timerG = settings.CreateCappedBackoff();
    }

    /// <summary>Starts the 100 Trying delay. Call once, after registering the transaction and before handing the INVITE to the TU.</summary>
    public void Start()
    {
        lock (Sync)
        {
            if (_started || State != SipTransactionState.Proceeding)
            {
                return;
            }

            _started = true;
            if (_lastResponse is null)
            {
                RetransmitTimer.Schedule(Settings.TryingDelay);
            }
        }
    }

    /// <summary>
    /// Sends a TU response; the transaction takes ownership of <paramref name="response"/> in every case. Returns false
    /// (and disposes it) when the state no longer allows it, e.g. a 487 after a final response has already been sent.
    /// </summary>
    public override bool SendResponse(int statusCode, IMemoryOwner<byte> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        bool accepted = true;
        lock (Sync)
        {
            switch (State)
            {
                case SipTransactionState.Proceeding when statusCode is >= 100 and <= 699:
                    RetransmitTimer.Cancel();
                    if (statusCode < 200)
                    {
                        Replace(ref _lastResponse, response);
                        Transmit(_lastResponse);
                    }
                    else if (statusCode < 300)
                    {
                        // The TU (dialog layer) retransmits the 2xx until ACK; INVITE retransmissions are absorbed.
                        SetState(SipTransactionState.Accepted);
                        Replace(ref _lastResponse, null);
                        LifetimeTimer.Schedule(Settings.TimerL);
                        TransmitOnce(response);
                    }
                    else
                    {
                        SetState(SipTransactionState.Completed);
                        Replace(ref _lastResponse, response);
                        if (!IsReliable)
                        {
                            RetransmitTimer.Schedule(_timerG.Current);
                        }

                        LifetimeTimer.Schedule(Settings.TimerH);
                        Transmit(_lastResponse);
                    }

                    break;
                case SipTransactionState.Accepted when statusCode is >= 200 and < 300:
                    // The TU's own 2xx retransmissions (§13.3.1.4) pass through untouched.
                    TransmitOnce(response);
                    break;
                default:
                    accepted = false;
                    response.Dispose();
                    break;
            }
        }

        ReportTermination();
        return accepted;
    }

    /// <summary>Feeds a retransmission of the INVITE: the last provisional or non-2xx final is resent; always absorbed.</summary>
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

    /// <summary>
    /// Feeds an ACK matched to this transaction: in Completed it confirms the non-2xx final (Timer I); in Accepted it
    /// belongs to the 2xx and goes to the TU.
    /// </summary>
    public SipTransactionDisposition ReceiveAck()
    {
        SipTransactionDisposition disposition = SipTransactionDisposition.Absorbed;
        lock (Sync)
        {
            if (State == SipTransactionState.Completed)
            {
                SetState(SipTransactionState.Confirmed);
                RetransmitTimer.Cancel();
                Replace(ref _lastResponse, null);
                EnterLifetime(Settings.TimerI(IsReliable), SipTransactionTermination.Normal);
            }
            else if (State == SipTransactionState.Accepted)
            {
                disposition = SipTransactionDisposition.PassToUser;
            }
        }

        ReportTermination();
        return disposition;
    }

    private protected override void OnTimer(SipTimer timer)
    {
        if (!ReferenceEquals(timer, RetransmitTimer))
        {
            // Timer H (Completed) means the ACK never came; Timers I (Confirmed) and L (Accepted) end normally.
            Terminate(State == SipTransactionState.Completed ? SipTransactionTermination.Timeout : SipTransactionTermination.Normal);
            return;
        }

        if (State == SipTransactionState.Completed)
        {
            if (Transmit(_lastResponse))
            {
                RetransmitTimer.Schedule(_timerG.Advance());
            }
        }
        else if (State == SipTransactionState.Proceeding && _lastResponse is null)
        {
            // The TU has been silent for TryingDelay: stop the client's INVITE retransmissions ourselves (§17.2.1).
            Replace(ref _lastResponse, Host.CreateTrying(this));
            Transmit(_lastResponse);
        }
    }

    private protected override void ReleaseBuffers() => Replace(ref _lastResponse, null);

    private bool TransmitOnce(IMemoryOwner<byte> response)
    {
        using (response)
        {
            return Transmit(response);
        }
    }
}
