using System.Buffers;
using System.Text;
using Appliance.Sip.Authentication;
using Appliance.Sip.Dialog;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;
using Microsoft.Extensions.Logging;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// One INVITE session (RFC 3261 §13–§15) and its dialog, either direction: BYE, re-INVITE/UPDATE offers both ways,
/// INFO DTMF, 2xx retransmission until ACK, RFC 4028 session timers and RFC 3515 blind transfer (REFER). Thread-safe:
/// every input (network, timers, application) is serialized by one lock; <see cref="OfferHandler"/> runs under it, so
/// it must answer without blocking.
/// </summary>
public abstract partial class SipCall : ISipTimerHandler
{
    private readonly TaskCompletionSource<SipCallEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SipTimer _ackTimer;
    private readonly SipTimer _sessionTimer;
    private readonly SipTimer _referTimer;
    private SipDialog? _dialog;

    private protected SipCall(SipUserAgent agent, string callId, string transport, bool incoming)
    {
        Agent = agent;
        CallId = callId;
        Transport = transport;
        IsIncoming = incoming;
        _ackTimer = new SipTimer(agent.Timers, this);
        _sessionTimer = new SipTimer(agent.Timers, this);
        _referTimer = new SipTimer(agent.Timers, this);
    }

    public string CallId { get; }

    public bool IsIncoming { get; }

    /// <summary>The transport the call's signalling uses ("UDP", "TCP", "TLS").</summary>
    public string Transport { get; }

    public SipCallState State { get; private set; }

    /// <summary>Our current SDP (the last offer or answer we sent).</summary>
    public string? LocalSdp { get; private protected set; }

    /// <summary>The peer's current SDP (its last offer or answer).</summary>
    public string? RemoteSdp { get; private protected set; }

    /// <summary>Completes once, when the call ends for any reason; never faults.</summary>
    public Task<SipCallEnd> Ended => _ended.Task;

    /// <summary>
    /// Answers an SDP offer from the peer in a re-INVITE or UPDATE (hold, unhold, codec change): return the answer SDP,
    /// or null to refuse with 488 Not Acceptable Here. Unset: every offer is refused. Runs under the call's lock.
    /// </summary>
    public Func<SipCall, string, string?>? OfferHandler { get; set; }

    /// <summary>A DTMF digit received in an INFO (application/dtmf-relay or application/dtmf). Raised outside the lock.</summary>
    public event Action<SipCall, char>? Dtmf;

    internal SipDialogId DialogId => _dialog?.Id ?? default;

    private protected SipUserAgent Agent { get; }

    private protected Lock Sync { get; } = new();

    private protected SipDialog? Dialog => _dialog;

    /// <summary>Credentials for challenges to our requests (outgoing calls only).</summary>
    private protected DigestClient? Digest { get; init; }

    /// <summary>Whether the peer listed UPDATE in Allow; session refreshes then use UPDATE without SDP (RFC 4028 §7.4).</summary>
    private protected bool PeerAllowsUpdate { get; set; }

    /// <summary>Ends the call: BYE when established, otherwise the direction's way of abandoning setup (CANCEL or a final response).</summary>
    public abstract void Hangup();

    /// <summary>Sends a re-INVITE with <paramref name="offer"/> (e.g. a=sendonly for hold); completes with the answer SDP, or null if refused.</summary>
    public Task<string?> ReinviteAsync(string offer) => SendOffer("INVITE", offer);

    /// <summary>Sends an UPDATE (RFC 3311) with <paramref name="offer"/>; completes with the answer SDP, or null if refused.</summary>
    public Task<string?> UpdateAsync(string offer) => SendOffer("UPDATE", offer);

    void ISipTimerHandler.OnTimerExpired(SipTimerExpiry expiry)
    {
        lock (Sync)
        {
            if (!expiry.IsCurrent || State == SipCallState.Ended)
            {
                return;
            }

            using (Scope())
            {
                if (ReferenceEquals(expiry.Timer, _ackTimer))
                {
                    On2xxTimer();
                }
                else if (ReferenceEquals(expiry.Timer, _referTimer))
                {
                    OnReferTimer();
                }
                else
                {
                    OnSessionTimer();
                }
            }
        }
    }

    /// <summary>Installs the dialog and makes it reachable for in-dialog requests.</summary>
    private protected void SetDialog(SipDialog dialog)
    {
        _dialog = dialog;
        Agent.RegisterDialog(dialog.Id, this);
    }

    private protected void MarkEstablished() => State = SipCallState.Established;

    /// <summary>Ends the call once: stops timers, forgets the dialog, records the outcome and completes <see cref="Ended"/>. Under the lock.</summary>
    private protected void End(SipCallEnd end)
    {
        if (State == SipCallState.Ended)
        {
            return;
        }

        State = SipCallState.Ended;
        _ackTimer.Cancel();
        _sessionTimer.Cancel();
        EndRefer();
        if (_dialog is not null)
        {
            Agent.UnregisterDialog(_dialog.Id);
        }

        OnEnded();
        Agent.Metrics.CallEnded(IsIncoming, end.Reason);
        using (Scope())
        {
            SipUserAgentLog.Ended(Agent.Logger, end.Reason, end.ByRemote ? "remote" : "local", end.StatusCode, end.Detail);
        }

        _ended.TrySetResult(end);
    }

    /// <summary>Direction-specific clean-up when the call ends (e.g. forgetting a pending INVITE). Under the lock.</summary>
    private protected virtual void OnEnded()
    {
    }

    /// <summary>Sends BYE in the dialog; the call is reported ended by the caller right away, so responses are only logged.</summary>
    private protected void SendBye()
    {
        if (_dialog is null)
        {
            return;
        }

        SipDialogRoute route = _dialog.Route();
        SipClientRequest.Fire(Agent, "BYE", route.RequestUri, route.NextHop, Digest, auth => ComposeInDialog("BYE", route, auth).End());
    }

    /// <summary>Starts an in-dialog request with the next local CSeq and a new branch (§12.2.1.1); the caller adds headers and ends it.</summary>
    private protected SipComposer ComposeInDialog(string method, SipDialogRoute route, KeyValuePair<string, string>? authorization, uint? cseq = null) =>
        ComposeInDialog(_dialog!, method, route, authorization, cseq);

    /// <summary>As above for another dialog of this call (a forked 2xx we must ACK and BYE).</summary>
    private protected SipComposer ComposeInDialog(SipDialog dialog, string method, SipDialogRoute route, KeyValuePair<string, string>? authorization, uint? cseq)
    {
        SipComposer composer = SipComposer.Request(method, route.RequestUri)
            .Header(SipHeaderKind.Via, Agent.Via(Transport, SipIdentifiers.NewBranch()));
        foreach (string value in route.Routes)
        {
            composer.Header(SipHeaderKind.Route, value);
        }

        composer.Header(SipHeaderKind.From, dialog.LocalParty)
            .Header(SipHeaderKind.To, dialog.RemoteParty)
            .Header(SipHeaderKind.CallId, CallId)
            .CSeq(cseq ?? dialog.NextLocalCSeq(), method);
        if (authorization is { } auth)
        {
            composer.Header(auth.Key, auth.Value);
        }

        if (Agent.Options.ProductName is string product)
        {
            composer.Header(SipHeaderKind.UserAgent, product);
        }

        return composer;
    }

    /// <summary>Headers of a response that establishes or refreshes the dialog: Contact, Allow, Supported.</summary>
    private protected void AddDialogResponseHeaders(SipComposer composer) =>
        composer.Header(SipHeaderKind.Contact, Agent.Contact(Transport, _dialog?.IsSecure ?? false))
            .Header(SipHeaderKind.Allow, SipUserAgent.Allow)
            .Header(SipHeaderKind.Supported, SipUserAgent.Supported);

    /// <summary>The logging scope naming this call.</summary>
    private protected IDisposable? Scope() => SipUserAgentLog.CallScope(Agent.Logger, CallId);

    private protected void RaiseDtmf(char digit) => Dtmf?.Invoke(this, digit);

    private protected static string? BodyText(SipMessage message) =>
        message.Body.IsEmpty ? null : Encoding.UTF8.GetString(message.Body.Span);

    /// <summary>Asks the application for an answer to <paramref name="offer"/>; null (refuse) when no handler or it throws.</summary>
    private protected string? AnswerOffer(string method, string offer)
    {
        string? answer = null;
        try
        {
            answer = OfferHandler?.Invoke(this, offer);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            SipUserAgentLog.HandlerFailed(Agent.Logger, exception);
        }

        SipUserAgentLog.OfferReceived(Agent.Logger, method, answer is not null);
        return answer;
    }

    private protected static IMemoryOwner<byte> Copy(ReadOnlySpan<byte> bytes)
    {
        var copy = new SipPooledBufferWriter(bytes.Length);
        bytes.CopyTo(copy.GetSpan(bytes.Length));
        copy.Advance(bytes.Length);
        return copy;
    }
}
