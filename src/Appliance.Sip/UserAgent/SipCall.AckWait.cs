using Appliance.Sip.Message;

namespace Appliance.Sip.UserAgent;

/// <summary>The UAS core's 2xx retransmission until ACK (RFC 3261 §13.3.1.4): T1 doubling to T2, BYE after 64*T1.</summary>
public abstract partial class SipCall
{
    private ISipServerRequest? _2xxTransaction;
    private byte[]? _2xx;
    private uint _2xxCSeq;
    private long _2xxSentAt;
    private Transaction.SipRetransmitBackoff _2xxBackoff;
    private bool _awaitingAnswerInAck;

    private bool IsReliable => !string.Equals(Transport, "UDP", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// ACK for a 2xx we sent. It ends the retransmissions of that 2xx; when our 2xx carried the offer (the INVITE had no
    /// SDP), the ACK carries the answer.
    /// </summary>
    internal void OnAck(SipMessage ack)
    {
        lock (Sync)
        {
            if (_2xx is null || ack.CSeq.Number != _2xxCSeq)
            {
                return;
            }

            _2xx = null;
            _2xxTransaction = null;
            _ackTimer.Cancel();
            if (_awaitingAnswerInAck && BodyText(ack) is string answer)
            {
                RemoteSdp = answer;
            }

            _awaitingAnswerInAck = false;
        }
    }

    /// <summary>
    /// Sends a 2xx to an INVITE through its transaction and keeps resending it until the ACK (only over UDP: reliable
    /// transports deliver it, but the 64*T1 ACK deadline holds on every transport). Under the lock.
    /// </summary>
    private protected void Send2xxUntilAck(ISipServerRequest transaction, uint cseq, SipPooledBufferWriter response, bool offerInResponse)
    {
        _2xx = response.WrittenSpan.ToArray();
        _2xxTransaction = transaction;
        _2xxCSeq = cseq;
        _awaitingAnswerInAck = offerInResponse;
        _2xxBackoff = Agent.Options.Timers.Create2xxRetransmitBackoff();
        _2xxSentAt = Agent.Timers.TimeProvider.GetTimestamp();
        Agent.Metrics.Response(200, received: false);
        transaction.SendResponse(200, response);
        _ackTimer.Schedule(IsReliable ? Agent.Options.Timers.TransactionTimeout : _2xxBackoff.Current);
    }

    private void On2xxTimer()
    {
        if (_2xx is null)
        {
            return;
        }

        TimeSpan elapsed = Agent.Timers.TimeProvider.GetElapsedTime(_2xxSentAt);
        TimeSpan limit = Agent.Options.Timers.TransactionTimeout;
        if (elapsed >= limit)
        {
            // §13.3.1.4: the dialog is confirmed but the session SHOULD be terminated, with a BYE.
            _2xx = null;
            SipUserAgentLog.NoAck(Agent.Logger);
            SendBye();
            End(new SipCallEnd(SipCallEndReason.NoAck, ByRemote: false, Detail: "no ACK"));
            return;
        }

        _2xxTransaction!.SendResponse(200, Copy(_2xx));
        TimeSpan next = _2xxBackoff.Advance();
        TimeSpan remaining = limit - elapsed;
        _ackTimer.Schedule(next < remaining ? next : remaining);
    }
}
