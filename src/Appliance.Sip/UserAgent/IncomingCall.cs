using System.Globalization;
using System.Net;
using System.Text;
using Appliance.Sip.Dialog;
using Appliance.Sip.Message;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// A call someone placed to us (the UAS side, RFC 3261 §13.3). The application rings, answers or rejects it; all
/// methods are thread-safe and return false once the INVITE has had its final response.
/// </summary>
public sealed class IncomingCall : SipCall
{
    private readonly ISipServerRequest _invite;
    private readonly SipMessage _inviteMessage;
    private readonly string _mergeKey;
    private bool _finalSent;

    private IncomingCall(SipUserAgent agent, ISipServerRequest invite, SipMessage inviteMessage, string cancelKey, string mergeKey)
        : base(agent, Text(inviteMessage.CallId), invite.Transport, incoming: true)
    {
        _invite = invite;
        _inviteMessage = inviteMessage;
        CancelKey = cancelKey;
        _mergeKey = mergeKey;
        SipNameAddress from = inviteMessage.From;
        SipNameAddress to = inviteMessage.To;
        FromUri = Text(from.Uri.Raw);
        FromUser = Unescape(from.Uri.User);
        FromDisplayName = Text(from.DisplayName);
        ToUri = Text(to.Uri.Raw);
        ToUser = Unescape(to.Uri.User);
        RequestUri = Text(inviteMessage.RequestUri.Raw);
        RequestUser = Unescape(inviteMessage.RequestUri.User);
        RemoteEndPoint = invite.RemoteEndPoint;
        RemoteSdp = BodyText(inviteMessage);
        CustomHeaders = ReadCustomHeaders(inviteMessage);
        PeerAllowsUpdate = inviteMessage.HasToken(SipHeaderKind.Allow, "UPDATE"u8);
    }

    public string FromUri { get; }

    /// <summary>The caller's user part (e.g. the calling number), %-decoded.</summary>
    public string FromUser { get; }

    /// <summary>The caller's display name, empty if none.</summary>
    public string FromDisplayName { get; }

    public string ToUri { get; }

    public string ToUser { get; }

    public string RequestUri { get; }

    /// <summary>The Request-URI's user part: the dialled number or DID that selects the agent.</summary>
    public string RequestUser { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Headers whose names start with "X-", in received order (name as sent, value raw).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CustomHeaders { get; }

    internal string CancelKey { get; }

    /// <summary>Sends 180 Ringing.</summary>
    public bool Ring() => SendProvisional(180, "Ringing", sdp: null);

    /// <summary>Sends 183 Session Progress with <paramref name="sdp"/> (early media: our answer, RFC 3261 §13.3.1.1).</summary>
    public bool SendEarlyMedia(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        return SendProvisional(183, "Session Progress", sdp);
    }

    /// <summary>
    /// Answers with 200 OK carrying <paramref name="sdp"/> (our answer, or our offer when the INVITE had none) and a
    /// Contact; retransmits it until the ACK. False when the INVITE already has a final response (e.g. it was cancelled).
    /// </summary>
    public bool Accept(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        lock (Sync)
        {
            if (!TakeFinal())
            {
                return false;
            }

            using (Scope())
            {
                SessionTimerTerms? terms = NegotiateSessionTimer(_inviteMessage);
                SipComposer composer = SipComposer.Response(_inviteMessage, RemoteEndPoint, 200, "OK", Dialog!.Id.LocalTag)
                    .Copy(_inviteMessage, SipHeaderKind.RecordRoute);
                if (Agent.Options.ProductName is string product)
                {
                    composer.Header(SipHeaderKind.Server, product);
                }

                AddDialogResponseHeaders(composer);
                AddSessionTimerHeaders(composer, terms);
                LocalSdp = sdp;
                MarkEstablished();
                Send2xxUntilAck(_invite, _inviteMessage.CSeq.Number, composer.End(SipUserAgent.Sdp, sdp), offerInResponse: RemoteSdp is null);
                ApplySessionTimer(terms);
                SipUserAgentLog.Answered(Agent.Logger);
            }

            return true;
        }
    }

    /// <summary>
    /// Rejects with a final non-2xx response, e.g. 486 Busy Here, 603 Decline, or 503 Service Unavailable with
    /// <paramref name="retryAfter"/> (whole seconds, emitted as Retry-After) when at capacity or draining.
    /// </summary>
    public bool Reject(int statusCode, string reason, TimeSpan? retryAfter = null, params (string Name, string Value)[] extraHeaders)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(extraHeaders);
        lock (Sync)
        {
            if (!TakeFinal())
            {
                return false;
            }

            using (Scope())
            {
                SipUserAgentLog.Rejected(Agent.Logger, "INVITE", statusCode, reason);
                Agent.Respond(_invite, _inviteMessage, statusCode, reason, Dialog!.Id.LocalTag, c =>
                {
                    if (retryAfter is TimeSpan delay)
                    {
                        c.Header(SipHeaderKind.RetryAfter, ((long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
                    }

                    foreach ((string name, string value) in extraHeaders)
                    {
                        c.Header(name, value);
                    }
                });
                End(new SipCallEnd(SipCallEndReason.Rejected, ByRemote: false, statusCode, reason));
            }

            return true;
        }
    }

    /// <summary>BYE when answered; before that, declines with 480 Temporarily Unavailable.</summary>
    public override void Hangup()
    {
        lock (Sync)
        {
            if (State == SipCallState.Setup)
            {
                Reject(480, "Temporarily Unavailable");
                return;
            }

            if (State == SipCallState.Established)
            {
                using (Scope())
                {
                    SendBye();
                    End(new SipCallEnd(SipCallEndReason.Hangup, ByRemote: false));
                }
            }
        }
    }

    internal static IncomingCall? TryCreate(SipUserAgent agent, ISipServerRequest request, string cancelKey, string mergeKey)
    {
        // The INVITE outlives the receive buffer: keep our own copy for the responses we send later.
        SipMessage invite = request.Request.Clone();
        bool tls = string.Equals(request.Transport, "TLS", StringComparison.OrdinalIgnoreCase);
        SipDialog? dialog = SipDialog.CreateUas(invite, request.LocalTag ?? SipIdentifiers.NewTag(), initialLocalCSeq: 0, tls);
        if (dialog is null || invite.CallId.IsEmpty)
        {
            return null;
        }

        var call = new IncomingCall(agent, request, invite, cancelKey, mergeKey);
        call.SetDialog(dialog);
        return call;
    }

    internal bool IsSameInvite(SipMessage message) => message.TopVia.Branch.Span.SequenceEqual(_inviteMessage.TopVia.Branch.Span);

    /// <summary>
    /// A CANCEL matched the INVITE (its 200 is already sent): 487 if still unanswered, else nothing (§9.2). With
    /// <paramref name="respond"/> false the transaction layer has sent the 487 itself.
    /// </summary>
    internal void OnCancelled(bool respond)
    {
        lock (Sync)
        {
            if (!TakeFinal())
            {
                return;
            }

            using (Scope())
            {
                if (respond)
                {
                    Agent.Respond(_invite, _inviteMessage, 487, "Request Terminated", Dialog!.Id.LocalTag);
                }

                End(new SipCallEnd(SipCallEndReason.Cancelled, ByRemote: true, 487));
            }
        }
    }

    private protected override void OnByeReceived()
    {
        if (TakeFinal())
        {
            Agent.Respond(_invite, _inviteMessage, 487, "Request Terminated", Dialog!.Id.LocalTag);
        }
    }

    private protected override void OnEnded() => Agent.RemovePending(this, _invite, CancelKey, _mergeKey);

    private bool SendProvisional(int statusCode, string reason, string? sdp)
    {
        lock (Sync)
        {
            if (_finalSent)
            {
                return false;
            }

            // A provisional with a To tag creates the early dialog, so it carries Record-Route and Contact (§12.1.1).
            Agent.Respond(_invite, _inviteMessage, statusCode, reason, Dialog!.Id.LocalTag, c =>
            {
                c.Copy(_inviteMessage, SipHeaderKind.RecordRoute);
                AddDialogResponseHeaders(c);
            }, sdp is null ? null : SipUserAgent.Sdp, sdp);
            if (sdp is not null)
            {
                LocalSdp = sdp;
            }

            return true;
        }
    }

    /// <summary>Claims the INVITE's single final response; false if it is already taken. Under the lock.</summary>
    private bool TakeFinal()
    {
        if (_finalSent)
        {
            return false;
        }

        // The INVITE stays findable until the call ends: a CANCEL after our final response still gets its 200 (§9.2).
        _finalSent = true;
        return true;
    }

    private static List<KeyValuePair<string, string>> ReadCustomHeaders(SipMessage message)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (ref readonly SipHeader header in message.Headers)
        {
            ReadOnlySpan<byte> name = header.Name.Span;
            if (name.Length > 2 && (name[0] | 0x20) == 'x' && name[1] == '-')
            {
                headers.Add(new KeyValuePair<string, string>(Text(header.Name), Text(header.Value)));
            }
        }

        return headers;
    }

    private static string Unescape(ReadOnlyMemory<byte> escaped)
    {
        Span<byte> buffer = escaped.Length <= 256 ? stackalloc byte[escaped.Length] : new byte[escaped.Length];
        int length = SipUri.Unescape(escaped.Span, buffer);
        return length < 0 ? Text(escaped) : Encoding.UTF8.GetString(buffer[..length]);
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
