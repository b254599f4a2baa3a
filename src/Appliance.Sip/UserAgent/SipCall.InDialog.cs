using Appliance.Sip.Dialog;
using Appliance.Sip.Message;

namespace Appliance.Sip.UserAgent;

/// <summary>Requests the peer sends inside the dialog (RFC 3261 §12.2.2, §14.2, RFC 3311): BYE, re-INVITE, UPDATE, INFO, OPTIONS, NOTIFY.</summary>
public abstract partial class SipCall
{
    /// <summary>Handles a request matched to this call's dialog. ACK and CANCEL never come here.</summary>
    internal void OnDialogRequest(ISipServerRequest request)
    {
        SipMessage message = request.Request;
        char digit = '\0';
        lock (Sync)
        {
            using (Scope())
            {
                if (State == SipCallState.Ended || _dialog is null)
                {
                    Agent.Reject(request, 481, "Call/Transaction Does Not Exist");
                    return;
                }

                if (_dialog.CheckRemoteCSeq(message.CSeq.Number) == SipRemoteCSeqCheck.OutOfOrder)
                {
                    Agent.Reject(request, 500, "Server Internal Error", RetryAfter);
                    return;
                }

                switch (message.Method)
                {
                    case SipMethod.Bye:
                        Agent.Respond(request, 200, "OK", toTag: null);
                        OnByeReceived();
                        End(new SipCallEnd(SipCallEndReason.Hangup, ByRemote: true));
                        break;
                    case SipMethod.Invite:
                        OnReinvite(request);
                        break;
                    case SipMethod.Update:
                        OnUpdate(request);
                        break;
                    case SipMethod.Notify:
                        OnNotify(request);
                        break;
                    case SipMethod.Info:
                        Agent.Respond(request, 200, "OK", toTag: null);
                        if (SipDtmfInfo.TryParse(message.ContentType.Span, message.Body.Span, out char parsed))
                        {
                            digit = parsed;
                        }

                        break;
                    default:
                        Agent.Respond(request, 200, "OK", toTag: null, c => c.Header(SipHeaderKind.Allow, SipUserAgent.Allow)
                            .Header(SipHeaderKind.Accept, SipUserAgent.Sdp).Header(SipHeaderKind.Supported, SipUserAgent.Supported));
                        break;
                }
            }
        }

        if (digit != '\0')
        {
            RaiseDtmf(digit);
        }
    }

    /// <summary>A BYE arrived; the incoming side answers a still-pending INVITE with 487 (§15.1.2). Under the lock.</summary>
    private protected virtual void OnByeReceived()
    {
    }

    // §14.2: "500 (Server Internal Error) ... MUST include a Retry-After header field with a randomly chosen value of
    // between 0 and 10 seconds".
    private static void RetryAfter(SipComposer composer) =>
        composer.Header(SipHeaderKind.RetryAfter, Random.Shared.Next(0, 11).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private void OnReinvite(ISipServerRequest request)
    {
        SipMessage message = request.Request;
        if (State != SipCallState.Established)
        {
            // A second INVITE before our final response to the first (§14.2).
            Agent.Reject(request, 500, "Server Internal Error", RetryAfter);
            return;
        }

        if (_offerPending || _awaitingAnswerInAck)
        {
            // Glare: our own offer is outstanding (§14.2, RFC 3264 §4); the peer retries after a random wait.
            Agent.Reject(request, 491, "Request Pending");
            return;
        }

        if (!TryTakeOffer(request, "INVITE", out string? offer, out string? answer))
        {
            return;
        }

        // A new INVITE implies the peer has our previous 2xx; stop waiting for that ACK.
        _2xx = null;
        _ackTimer.Cancel();
        _dialog!.RefreshTarget(message);
        SessionTimerTerms? terms = NegotiateSessionTimer(message);
        SipComposer composer = SipComposer.Response(message, request.RemoteEndPoint, 200, "OK", toTag: null);
        AddDialogResponseHeaders(composer);
        AddSessionTimerHeaders(composer, terms);
        string? body = offer is null ? LocalSdp : answer;
        Send2xxUntilAck(request, message.CSeq.Number, composer.End(body is null ? null : SipUserAgent.Sdp, body), offerInResponse: offer is null && body is not null);
        ApplySessionTimer(terms);
    }

    private void OnUpdate(ISipServerRequest request)
    {
        SipMessage message = request.Request;
        if (_offerPending || _awaitingAnswerInAck)
        {
            Agent.Reject(request, 491, "Request Pending"); // RFC 3311 §5.2
            return;
        }

        if (!TryTakeOffer(request, "UPDATE", out string? offer, out string? answer))
        {
            return;
        }

        _dialog!.RefreshTarget(message);
        SessionTimerTerms? terms = NegotiateSessionTimer(message);
        Agent.Respond(request, 200, "OK", toTag: null, c =>
        {
            AddDialogResponseHeaders(c);
            AddSessionTimerHeaders(c, terms);
        }, offer is null ? null : SipUserAgent.Sdp, offer is null ? null : answer);
        ApplySessionTimer(terms);
    }

    /// <summary>
    /// Reads an SDP offer from a re-INVITE/UPDATE and gets the application's answer; on a bad body (415) or a refusal
    /// (488) it responds and returns false. No body: no offer (a session refresh, or an offer we must make in the 2xx).
    /// </summary>
    private bool TryTakeOffer(ISipServerRequest request, string method, out string? offer, out string? answer)
    {
        SipMessage message = request.Request;
        offer = null;
        answer = null;
        if (message.Body.IsEmpty)
        {
            return true;
        }

        if (!SipUserAgent.IsSdp(message.ContentType.Span))
        {
            Agent.Reject(request, 415, "Unsupported Media Type", c => c.Header(SipHeaderKind.Accept, SipUserAgent.Sdp));
            return false;
        }

        offer = BodyText(message)!;
        answer = AnswerOffer(method, offer);
        if (answer is null)
        {
            Agent.Reject(request, 488, "Not Acceptable Here");
            return false;
        }

        RemoteSdp = offer;
        LocalSdp = answer;
        return true;
    }
}
