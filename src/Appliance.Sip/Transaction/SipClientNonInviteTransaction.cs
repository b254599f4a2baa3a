using System.Buffers;

namespace Appliance.Sip.Transaction;

/// <summary>Client non-INVITE transaction (RFC 3261 §17.1.2): Trying → Proceeding → Completed → Terminated.</summary>
public sealed class SipClientNonInviteTransaction : SipClientTransaction
{
    private IMemoryOwner<byte>? _request;
    private SipRetransmitBackoff _timerE;
    private bool _started;

    /// <summary>Creates the transaction in Trying; it owns <paramref name="request"/> from now on.</summary>
    public SipClientNonInviteTransaction(
        ISipTransactionHost host,
        SipTimerQueue timers,
        SipTimerSettings settings,
        bool reliable,
        IMemoryOwner<byte> request)
        : base(SipTransactionKind.ClientNonInvite, SipTransactionState.Trying, host, timers, settings, reliable)
    {
        ArgumentNullException.ThrowIfNull(request);
        _request = request;
        _timerE = settings.CreateCappedBackoff();
    }

    /// <summary>Sends the request and starts Timers E (unreliable only) and F. Call once, after registering the transaction.</summary>
    public override void Start()
    {
        lock (Sync)
        {
            if (_started || State != SipTransactionState.Trying)
            {
                return;
            }

            _started = true;

            // Timers first: a transport that loops back synchronously may deliver the response inside Transmit.
            if (!IsReliable)
            {
                RetransmitTimer.Schedule(_timerE.Current);
            }

            LifetimeTimer.Schedule(Settings.TimerF);
            Transmit(_request);
        }

        ReportTermination();
    }

    /// <summary>Feeds a response matched to this transaction.</summary>
    public SipTransactionDisposition ReceiveResponse(int statusCode)
    {
        SipTransactionDisposition disposition = SipTransactionDisposition.Absorbed;
        lock (Sync)
        {
            if (statusCode is < 100 or > 699
                || State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                // Completed absorbs retransmitted finals (Timer K).
                return disposition;
            }

            disposition = SipTransactionDisposition.PassToUser;
            if (statusCode < 200)
            {
                // Timer E keeps running; from its next expiry it uses T2 (§17.1.2.2).
                SetState(SipTransactionState.Proceeding);
            }
            else
            {
                SetState(SipTransactionState.Completed);
                RetransmitTimer.Cancel();
                Replace(ref _request, null);
                EnterLifetime(Settings.TimerK(IsReliable), SipTransactionTermination.Normal);
            }
        }

        ReportTermination();
        return disposition;
    }

    private protected override void OnTimer(SipTimer timer)
    {
        if (ReferenceEquals(timer, RetransmitTimer))
        {
            if (State == SipTransactionState.Proceeding)
            {
                _timerE.Saturate();
            }
            else
            {
                _timerE.Advance();
            }

            if (Transmit(_request))
            {
                RetransmitTimer.Schedule(_timerE.Current);
            }

            return;
        }

        // Timer F in Trying/Proceeding is a timeout; Timer K in Completed ends normally.
        Terminate(State == SipTransactionState.Completed ? SipTransactionTermination.Normal : SipTransactionTermination.Timeout);
    }

    private protected override void ReleaseBuffers() => Replace(ref _request, null);
}
