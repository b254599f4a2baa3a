using System.Buffers;

namespace Appliance.Sip.Transaction;

/// <summary>
/// Client INVITE transaction (RFC 3261 §17.1.1 with the RFC 6026 Accepted state): Calling → Proceeding →
/// Completed (non-2xx, ACK sent here) or Accepted (2xx, ACKed by the TU) → Terminated.
/// </summary>
public sealed class SipClientInviteTransaction : SipClientTransaction
{
    private IMemoryOwner<byte>? _request;
    private IMemoryOwner<byte>? _ack;
    private SipRetransmitBackoff _timerA;
    private bool _started;

    /// <summary>Creates the transaction in Calling; it owns <paramref name="request"/> (the serialized INVITE) from now on.</summary>
    public SipClientInviteTransaction(
        ISipTransactionHost host,
        SipTimerQueue timers,
        SipTimerSettings settings,
        bool reliable,
        IMemoryOwner<byte> request)
        : base(SipTransactionKind.ClientInvite, SipTransactionState.Calling, host, timers, settings, reliable)
    {
        ArgumentNullException.ThrowIfNull(request);
        _request = request;
        _timerA = settings.CreateTimerABackoff();
    }

    /// <summary>
    /// §9.1: a CANCEL may be sent only once a provisional response has arrived and before any final one.
    /// </summary>
    public bool CanCancel => State == SipTransactionState.Proceeding;

    /// <summary>Sends the INVITE and starts Timers A (unreliable only) and B. Call once, after registering the transaction.</summary>
    public override void Start()
    {
        lock (Sync)
        {
            if (_started || State != SipTransactionState.Calling)
            {
                return;
            }

            _started = true;

            // Timers first: a transport that loops back synchronously may deliver the response inside Transmit.
            if (!IsReliable)
            {
                RetransmitTimer.Schedule(_timerA.Current);
            }

            LifetimeTimer.Schedule(Settings.TimerB);
            Transmit(_request);
        }

        ReportTermination();
    }

    /// <summary>
    /// Feeds a response matched to this transaction. For a non-2xx final in Calling/Proceeding the machine asks
    /// <paramref name="ackFactory"/> for the ACK, sends it, and resends it for each retransmitted final.
    /// </summary>
    public SipTransactionDisposition ReceiveResponse<TAckFactory>(int statusCode, ref TAckFactory ackFactory)
        where TAckFactory : ISipAckFactory, allows ref struct
    {
        SipTransactionDisposition disposition = SipTransactionDisposition.Absorbed;
        lock (Sync)
        {
            if (statusCode is < 100 or > 699)
            {
                return disposition;
            }

            switch (State)
            {
                case SipTransactionState.Calling or SipTransactionState.Proceeding:
                    disposition = SipTransactionDisposition.PassToUser;
                    if (statusCode < 200)
                    {
                        // No retransmissions and no Timer B once the peer has answered (§17.1.1.2).
                        SetState(SipTransactionState.Proceeding);
                        RetransmitTimer.Cancel();
                        LifetimeTimer.Cancel();
                    }
                    else if (statusCode < 300)
                    {
                        SetState(SipTransactionState.Accepted);
                        RetransmitTimer.Cancel();
                        LifetimeTimer.Schedule(Settings.TimerM);
                    }
                    else
                    {
                        SetState(SipTransactionState.Completed);
                        RetransmitTimer.Cancel();
                        LifetimeTimer.Cancel();
                        Replace(ref _ack, ackFactory.CreateAck());
                        if (Transmit(_ack))
                        {
                            EnterLifetime(Settings.TimerD(IsReliable), SipTransactionTermination.Normal);
                        }
                    }

                    break;
                case SipTransactionState.Accepted when statusCode is >= 200 and < 300:
                    // 2xx retransmissions (possibly from other forks) go to the TU, which ACKs them (RFC 6026 §8.4).
                    disposition = SipTransactionDisposition.PassToUser;
                    break;
                case SipTransactionState.Completed when statusCode >= 300:
                    Transmit(_ack);
                    break;
            }
        }

        ReportTermination();
        return disposition;
    }

    private protected override void OnTimer(SipTimer timer)
    {
        if (ReferenceEquals(timer, RetransmitTimer))
        {
            if (State == SipTransactionState.Calling && Transmit(_request))
            {
                RetransmitTimer.Schedule(_timerA.Advance());
            }

            return;
        }

        // Timer B in Calling is a timeout; Timers D (Completed) and M (Accepted) end the transaction normally.
        Terminate(State == SipTransactionState.Calling ? SipTransactionTermination.Timeout : SipTransactionTermination.Normal);
    }

    private protected override void ReleaseBuffers()
    {
        Replace(ref _request, null);
        Replace(ref _ack, null);
    }
}
