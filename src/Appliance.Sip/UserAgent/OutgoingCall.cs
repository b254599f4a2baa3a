using System.Text;
using Appliance.Sip.Authentication;
using Appliance.Sip.Dialog;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.UserAgent;

/// <summary>A call we placed (the UAC side, RFC 3261 §13.2). Thread-safe.</summary>
public sealed class OutgoingCall : SipCall
{
    private readonly OutgoingCallRequest _request;
    private readonly TaskCompletionSource<SipCallAnswer> _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _localTag = SipIdentifiers.NewTag();
    private readonly string _localParty;
    private readonly string _toUri;
    private readonly string _nextHop;
    private uint _inviteCSeq;
    private string _inviteBranch = "";
    private bool _provisionalReceived;
    private bool _cancelRequested;
    private bool _cancelSent;
    private readonly HashSet<string> _byedForks = new(StringComparer.Ordinal);
    private uint _sessionExpires;
    private uint _minSe;

    internal OutgoingCall(SipUserAgent agent, OutgoingCallRequest request)
        : base(agent, SipIdentifiers.NewCallId(agent.Options.Addresses[0].Host), agent.TransportFor(request.OutboundProxy ?? request.RequestUri), incoming: false)
    {
        _request = request;
        string host = request.FromHost ?? agent.Options.AddressFor(Transport).Host;
        string display = string.IsNullOrEmpty(request.FromDisplayName) ? "" : "\"" + request.FromDisplayName.Replace("\"", "", StringComparison.Ordinal) + "\" ";
        _localParty = $"{display}<sip:{request.FromUser}@{host}>;tag={_localTag}";
        _toUri = request.ToUri ?? request.RequestUri;
        _nextHop = request.OutboundProxy ?? request.RequestUri;
        _sessionExpires = (uint)agent.Options.SessionExpires.TotalSeconds;
        if (request.AuthUsername is string user && request.AuthPassword is string password)
        {
            Digest = new DigestClient(user, password, realm: request.AuthRealm);
        }
    }

    /// <summary>Completes on the final response: 2xx with the answer SDP, or the failure (408 on timeout). Never faults.</summary>
    public Task<SipCallAnswer> Answered => _answered.Task;

    /// <summary>BYE when answered; before that CANCEL (sent once a provisional response has arrived, §9.1).</summary>
    public override void Hangup()
    {
        lock (Sync)
        {
            using (Scope())
            {
                if (State == SipCallState.Established)
                {
                    SendBye();
                    End(new SipCallEnd(SipCallEndReason.Hangup, ByRemote: false));
                }
                else if (State == SipCallState.Setup)
                {
                    _cancelRequested = true;
                    if (_provisionalReceived)
                    {
                        SendCancel();
                    }

                    End(new SipCallEnd(SipCallEndReason.Cancelled, ByRemote: false));
                }
            }
        }
    }

    internal void Start()
    {
        lock (Sync)
        {
            using (Scope())
            {
                SipUserAgentLog.OutgoingCall(Agent.Logger, _request.RequestUri, _nextHop);
                LocalSdp = _request.Sdp;
                SendInvite();
            }
        }
    }

    private void SendInvite() =>
        new SipClientRequest(Agent, "INVITE", _request.RequestUri, _nextHop, Digest, ComposeInvite, OnInviteResponse, OnInviteFailure).Send();

    private SipPooledBufferWriter ComposeInvite(KeyValuePair<string, string>? authorization)
    {
        lock (Sync)
        {
            // A challenged INVITE is a new transaction: new branch and CSeq, same Call-ID and tags (§22.2).
            _inviteCSeq++;
            _inviteBranch = SipIdentifiers.NewBranch();
            SipComposer composer = ComposeInviteHeaders("INVITE", _inviteCSeq);
            if (authorization is { } auth)
            {
                composer.Header(auth.Key, auth.Value);
            }

            composer.Header(SipHeaderKind.Contact, Agent.Contact(Transport))
                .Header(SipHeaderKind.Allow, SipUserAgent.Allow)
                .Header(SipHeaderKind.Supported, SipUserAgent.Supported);
            if (_sessionExpires > 0)
            {
                composer.Header(SipHeaderKind.SessionExpires, _sessionExpires.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (_minSe > 0)
            {
                composer.Header(SipHeaderKind.MinSE, _minSe.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (Agent.Options.ProductName is string product)
            {
                composer.Header(SipHeaderKind.UserAgent, product);
            }

            foreach (KeyValuePair<string, string> header in _request.Headers)
            {
                composer.Header(header.Key, header.Value);
            }

            return composer.End(SipUserAgent.Sdp, _request.Sdp);
        }
    }

    /// <summary>Request line, Via, Route, From, To, Call-ID, CSeq: shared by the INVITE and its CANCEL (§9.1).</summary>
    private SipComposer ComposeInviteHeaders(string method, uint cseq)
    {
        SipComposer composer = SipComposer.Request(method, _request.RequestUri)
            .Header(SipHeaderKind.Via, Agent.Via(Transport, _inviteBranch));
        if (_request.OutboundProxy is string proxy)
        {
            composer.Header(SipHeaderKind.Route, "<" + proxy + ">");
        }

        return composer.Header(SipHeaderKind.From, _localParty)
            .Header(SipHeaderKind.To, "<" + _toUri + ">")
            .Header(SipHeaderKind.CallId, CallId)
            .CSeq(cseq, method);
    }

    private void SendCancel()
    {
        if (_cancelSent)
        {
            return;
        }

        _cancelSent = true;
        SipClientRequest.Fire(Agent, "CANCEL", _request.RequestUri, _nextHop, digest: null, _ => ComposeInviteHeaders("CANCEL", _inviteCSeq).End());
    }

    private void OnInviteResponse(SipMessage response)
    {
        SipProvisional? provisional = null;
        lock (Sync)
        {
            using (Scope())
            {
                int code = response.StatusCode;
                if (code < 200)
                {
                    _provisionalReceived = true;
                    if (_cancelRequested)
                    {
                        SendCancel();
                    }
                    else if (code > 100)
                    {
                        string? sdp = SipUserAgent.IsSdp(response.ContentType.Span) ? BodyText(response) : null;
                        RemoteSdp = sdp ?? RemoteSdp;
                        provisional = new SipProvisional(code, Encoding.UTF8.GetString(response.ReasonPhrase.Span), sdp);
                    }
                }
                else if (code < 300)
                {
                    On2xx(response);
                }
                else
                {
                    OnFailureResponse(response);
                }
            }
        }

        if (provisional is not null)
        {
            _request.OnProvisional?.Invoke(this, provisional);
        }
    }

    private void On2xx(SipMessage response)
    {
        if (Dialog is null)
        {
            SipDialog? dialog = SipDialog.CreateUac(response, _localParty, _localTag, _inviteCSeq,
                secure: string.Equals(Transport, "TLS", StringComparison.OrdinalIgnoreCase) && _request.RequestUri.StartsWith("sips:", StringComparison.OrdinalIgnoreCase));
            if (dialog is null)
            {
                // A 2xx without To tag or Contact cannot be ACKed into a dialog: treat the call as failed.
                _answered.TrySetResult(new SipCallAnswer(502, "Bad 2xx (no To tag or Contact)", null));
                End(new SipCallEnd(SipCallEndReason.Failed, ByRemote: true, 502, "2xx without To tag or Contact"));
                return;
            }

            SetDialog(dialog);
            SendAck(_inviteCSeq);
            string? answer = BodyText(response);
            if (_cancelRequested)
            {
                // The 2xx crossed our CANCEL: the call was answered, so it must be hung up (§9.1, §15).
                SendBye();
                Agent.UnregisterDialog(dialog.Id);
                _answered.TrySetResult(new SipCallAnswer(response.StatusCode, Encoding.UTF8.GetString(response.ReasonPhrase.Span), answer));
                return;
            }

            RemoteSdp = answer ?? RemoteSdp;
            PeerAllowsUpdate = response.HasToken(SipHeaderKind.Allow, "UPDATE"u8);
            MarkEstablished();
            ApplySessionTimerFromResponse(response);
            SipUserAgentLog.Answered(Agent.Logger);
            _answered.TrySetResult(new SipCallAnswer(response.StatusCode, Encoding.UTF8.GetString(response.ReasonPhrase.Span), answer));
        }
        else if (response.To.Tag.Span.SequenceEqual(Encoding.UTF8.GetBytes(Dialog.Id.RemoteTag)))
        {
            SendAck(_inviteCSeq); // a retransmitted 2xx: our ACK was lost
        }
        else
        {
            EndFork(response);
        }
    }

    /// <summary>
    /// A 2xx from another fork after we settled on one (§13.2.2.4): that UAS has a confirmed dialog too, so it gets an
    /// ACK and then a BYE. Its retransmissions get the ACK again but no second BYE.
    /// </summary>
    private void EndFork(SipMessage response)
    {
        SipDialog? fork = SipDialog.CreateUac(response, _localParty, _localTag, _inviteCSeq, secure: false);
        if (fork is null)
        {
            return;
        }

        SipDialogRoute route = fork.Route();
        using (SipPooledBufferWriter ack = ComposeInDialog(fork, "ACK", route, authorization: null, _inviteCSeq).End())
        {
            Agent.Channel.SendAck(route.NextHop, ack.Memory);
        }

        if (_byedForks.Add(fork.Id.RemoteTag))
        {
            SipClientRequest.Fire(Agent, "BYE", route.RequestUri, route.NextHop, Digest, auth => ComposeInDialog(fork, "BYE", route, auth, cseq: null).End());
        }
    }

    private void OnFailureResponse(SipMessage response)
    {
        int code = response.StatusCode;
        if (code == 422 && _minSe == 0 && !_cancelRequested && response.TryGetDeltaSeconds(SipHeaderKind.MinSE, out uint minSe) && minSe > 0)
        {
            // RFC 4028 §7.4: retry once with the interval the peer demands, and say so with Min-SE.
            _minSe = minSe;
            _sessionExpires = Math.Max(_sessionExpires, minSe);
            SendInvite();
            return;
        }

        string reason = Encoding.UTF8.GetString(response.ReasonPhrase.Span);
        _answered.TrySetResult(new SipCallAnswer(code, reason, null));
        SipUserAgentLog.RequestFailed(Agent.Logger, "INVITE", code, reason);
        End(new SipCallEnd(code == 487 && _cancelRequested ? SipCallEndReason.Cancelled : SipCallEndReason.Failed, ByRemote: true, code, reason));
    }

    private void OnInviteFailure(SipTransactionTermination reason)
    {
        lock (Sync)
        {
            _answered.TrySetResult(new SipCallAnswer(408, "Request Timeout", null));
            End(new SipCallEnd(SipCallEndReason.Timeout, ByRemote: false, 408, reason.ToString()));
        }
    }
}
