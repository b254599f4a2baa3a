using Appliance.Sip.Dialog;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.UserAgent;

/// <summary>Requests we send inside the dialog that may carry an offer (re-INVITE, UPDATE), and the ACK for a 2xx we receive.</summary>
public abstract partial class SipCall
{
    private bool _offerPending;
    private byte[]? _ack;
    private uint _ackCSeq;

    private Task<string?> SendOffer(string method, string offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var result = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Sync)
        {
            if (State != SipCallState.Established || _offerPending || _awaitingAnswerInAck)
            {
                return Task.FromResult<string?>(null);
            }

            SendDialogRequest(method, offer, result);
        }

        return result.Task;
    }

    /// <summary>
    /// Sends a re-INVITE or UPDATE (with <paramref name="sdp"/> as the offer, or none for a plain session refresh) and
    /// completes <paramref name="result"/> with the answer, or null on failure. Under the lock.
    /// </summary>
    private protected void SendDialogRequest(string method, string? sdp, TaskCompletionSource<string?>? result)
    {
        SipDialogRoute route = _dialog!.Route();
        uint cseq = 0;
        bool settled = false;
        _offerPending |= sdp is not null;
        var request = new SipClientRequest(Agent, method, route.RequestUri, route.NextHop, Digest,
            auth =>
            {
                lock (Sync)
                {
                    SipComposer composer = ComposeInDialog(method, route, auth)
                        .Header(SipHeaderKind.Contact, Agent.Contact(Transport, _dialog.IsSecure))
                        .Header(SipHeaderKind.Allow, SipUserAgent.Allow)
                        .Header(SipHeaderKind.Supported, SipUserAgent.Supported);
                    if (_sessionInterval > 0)
                    {
                        composer.Header(SipHeaderKind.SessionExpires, SessionExpiresValue(_sessionInterval, "uac"));
                    }

                    cseq = _dialog.LocalCSeq;
                    return composer.End(sdp is null ? null : SipUserAgent.Sdp, sdp);
                }
            },
            response =>
            {
                lock (Sync)
                {
                    OnDialogResponse(method, sdp, cseq, response, ref settled, result);
                }
            },
            failure =>
            {
                lock (Sync)
                {
                    if (!settled)
                    {
                        settled = true;
                        _offerPending &= sdp is null;
                        result?.TrySetResult(null);
                        End(new SipCallEnd(SipCallEndReason.Timeout, ByRemote: false, 408, method + " " + failure));
                    }
                }
            });
        request.Send();
    }

    /// <summary>Sends (or resends, for a retransmitted 2xx) the ACK for the 2xx to our INVITE with <paramref name="cseq"/> (§13.2.2.4). Under the lock.</summary>
    private protected void SendAck(uint cseq)
    {
        SipDialogRoute route = _dialog!.Route();
        if (_ack is null || _ackCSeq != cseq)
        {
            using SipPooledBufferWriter ack = ComposeInDialog("ACK", route, authorization: null, cseq).End();
            _ack = ack.WrittenSpan.ToArray();
            _ackCSeq = cseq;
        }

        Agent.Metrics.Request("ACK", received: false);
        Agent.Channel.SendAck(route.NextHop, _ack);
    }

    /// <summary>A 2xx retransmission that outlived its transaction: ACK it again if it is for our last INVITE.</summary>
    internal void OnStray2xx(uint cseq)
    {
        lock (Sync)
        {
            if (_dialog is not null && _ack is not null && cseq == _ackCSeq)
            {
                SendAck(cseq);
            }
        }
    }

    private void OnDialogResponse(string method, string? sdp, uint cseq, SipMessage response, ref bool settled, TaskCompletionSource<string?>? result)
    {
        int code = response.StatusCode;
        if (code < 200)
        {
            return;
        }

        bool isInvite = method == "INVITE";
        if (code < 300 && isInvite && _dialog is not null)
        {
            SendAck(cseq); // every 2xx, retransmissions included, gets an ACK
        }

        if (settled)
        {
            return;
        }

        settled = true;
        _offerPending &= sdp is null;
        if (code >= 300)
        {
            SipUserAgentLog.RequestFailed(Agent.Logger, method, code, System.Text.Encoding.UTF8.GetString(response.ReasonPhrase.Span));
            result?.TrySetResult(null);
            if (code is 481 or 408)
            {
                // §12.2.1.2: the dialog is gone at the peer.
                End(new SipCallEnd(SipCallEndReason.Timeout, ByRemote: true, code, method));
            }
            else if (sdp is null && result is null)
            {
                // A refused UPDATE refresh: try again at the next half interval rather than let the session lapse.
                ArmSessionTimer(_sessionInterval, weRefresh: true);
            }

            return;
        }

        _dialog?.RefreshTarget(response);
        string? answer = BodyText(response);
        if (sdp is not null)
        {
            LocalSdp = sdp;
            RemoteSdp = answer ?? RemoteSdp;
        }

        ApplySessionTimerFromResponse(response);
        result?.TrySetResult(answer);
    }
}
