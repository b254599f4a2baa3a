using System.Globalization;
using System.Text;
using Appliance.Sip.Dialog;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// Blind transfer as the transferor (RFC 3515): an in-dialog REFER, then the NOTIFYs of the implicit "refer"
/// subscription (RFC 6665) whose message/sipfrag bodies (RFC 3420) report how the peer's call to the target went.
/// A REFER from the peer is never acted on: the agent refuses it with 405.
/// </summary>
public abstract partial class SipCall
{
    /// <summary>The transfer in progress, or the settled one whose subscription the peer has not terminated yet.</summary>
    private ReferSubscription? _refer;

    /// <summary>
    /// Asks the peer to call <paramref name="referTo"/> (a sip:, sips: or tel: URI) in our place and completes with the
    /// outcome: the first final status the peer reports, its refusal of the REFER, or 408 after
    /// <see cref="SipUserAgentOptions.ReferTimeout"/>. Never faults on the peer's behaviour; a failed outcome when the call
    /// is not established (481), while another transfer is pending (491) or for a bad URI (400). Cancelling stops the wait
    /// (the task is cancelled) but cannot recall the REFER. The call stays up either way: hanging up is the caller's move.
    /// </summary>
    public Task<SipReferOutcome> ReferAsync(string referTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(referTo);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<SipReferOutcome>(cancellationToken);
        }

        if (ReferToValue(referTo) is not string target)
        {
            return Task.FromResult(new SipReferOutcome(false, 400, "Refer-To is not a sip:, sips: or tel: URI"));
        }

        ReferSubscription refer;
        lock (Sync)
        {
            if (State != SipCallState.Established || _dialog is null)
            {
                return Task.FromResult(new SipReferOutcome(false, 481, "call not established"));
            }

            if (_refer is { IsSettled: false })
            {
                return Task.FromResult(new SipReferOutcome(false, 491, "another transfer is in progress"));
            }

            refer = new ReferSubscription();
            _refer = refer;
            using (Scope())
            {
                SipUserAgentLog.Transferring(Agent.Logger, target);
                _referTimer.Schedule(Agent.Options.ReferTimeout);
                SendRefer(refer, target);
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            // Registered outside the lock: an already-cancelled token runs the callback right here.
            CancellationTokenRegistration registration = cancellationToken.Register(() => CancelRefer(refer, cancellationToken));
            lock (Sync)
            {
                if (refer.IsSettled)
                {
                    registration.Unregister();
                }
                else
                {
                    refer.Cancellation = registration;
                }
            }
        }

        return refer.Result.Task;
    }

    private void SendRefer(ReferSubscription refer, string target)
    {
        SipDialog dialog = _dialog!;
        SipDialogRoute route = dialog.Route();
        string referredBy = ReferredByValue(dialog.LocalParty);
        var request = new SipClientRequest(Agent, "REFER", route.RequestUri, route.NextHop, Digest,
            auth =>
            {
                lock (Sync)
                {
                    SipComposer composer = ComposeInDialog("REFER", route, auth)
                        .Header(SipHeaderKind.Contact, Agent.Contact(Transport, dialog.IsSecure))
                        .Header(SipHeaderKind.ReferTo, target)
                        .Header(SipHeaderKind.ReferredBy, referredBy)
                        .Header(SipHeaderKind.Allow, SipUserAgent.Allow)
                        .Header(SipHeaderKind.Supported, SipUserAgent.Supported);

                    // The subscription's NOTIFYs name it by this CSeq (Event: refer;id=n, RFC 3515 §2.4.6); a challenged
                    // REFER is sent again with a new one.
                    refer.CSeq = dialog.LocalCSeq;
                    return composer.End();
                }
            },
            response =>
            {
                lock (Sync)
                {
                    OnReferResponse(refer, response);
                }
            },
            failure =>
            {
                lock (Sync)
                {
                    OnReferFailure(refer, failure);
                }
            });
        request.Send();
    }

    private void OnReferResponse(ReferSubscription refer, SipMessage response)
    {
        int code = response.StatusCode;
        if (code < 200)
        {
            return;
        }

        if (code < 300)
        {
            // 202 Accepted, or 200 from older peers: the NOTIFYs (some of which may already have come) tell the rest.
            refer.Accepted = true;
            return;
        }

        string phrase = Encoding.UTF8.GetString(response.ReasonPhrase.Span);
        using (Scope())
        {
            SipUserAgentLog.RequestFailed(Agent.Logger, "REFER", code, phrase);
            SettleRefer(refer, new SipReferOutcome(false, code, $"REFER refused: {code} {phrase}"), forget: true);
            if (code is 481 or 408)
            {
                // §12.2.1.2: the dialog is gone at the peer.
                End(new SipCallEnd(SipCallEndReason.Timeout, ByRemote: true, code, "REFER"));
            }
        }
    }

    private void OnReferFailure(ReferSubscription refer, SipTransactionTermination failure)
    {
        using (Scope())
        {
            string reason = failure == SipTransactionTermination.Timeout ? "no response to REFER" : "REFER could not be sent";
            SettleRefer(refer, new SipReferOutcome(false, 408, reason), forget: true);

            // As for any in-dialog request without a response (§12.2.1.2): the peer is unreachable, the call is over.
            End(new SipCallEnd(SipCallEndReason.Timeout, ByRemote: false, 408, "REFER " + failure));
        }
    }

    /// <summary>The wait bounded by <see cref="SipUserAgentOptions.ReferTimeout"/> is over. Under the lock and the call's log scope.</summary>
    private void OnReferTimer()
    {
        if (_refer is { IsSettled: false } refer)
        {
            string seconds = Agent.Options.ReferTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            string reason = refer.Accepted
                ? $"REFER accepted but no final NOTIFY within {seconds} s"
                : $"no answer to REFER within {seconds} s";
            SettleRefer(refer, new SipReferOutcome(false, 408, reason), forget: true);
        }
    }

    private void CancelRefer(ReferSubscription refer, CancellationToken cancellationToken)
    {
        lock (Sync)
        {
            if (refer.IsSettled)
            {
                return;
            }

            _referTimer.Cancel();
            ForgetRefer(refer);
            refer.Result.TrySetCanceled(cancellationToken);
        }
    }

    /// <summary>The call ended: a pending transfer fails and its subscription is forgotten. Under the lock.</summary>
    private void EndRefer()
    {
        _referTimer.Cancel();
        if (_refer is { } refer)
        {
            using (Scope())
            {
                SettleRefer(refer, new SipReferOutcome(false, 481, "the call ended before the transfer's outcome"), forget: true);
            }
        }
    }

    /// <summary>
    /// A NOTIFY in the dialog. Only the refer subscription we hold is known (RFC 6665 §4.1.3): anything else gets 481, or
    /// 489 for another event package. Ours gets 200 whatever its body, which is then read for the outcome. Under the lock.
    /// </summary>
    private void OnNotify(ISipServerRequest request)
    {
        SipMessage message = request.Request;
        if (!message.TryGetHeader(SipHeaderKind.Event, out ReadOnlyMemory<byte> eventValue)
            || !Ascii.EqualsIgnoreCase(HeaderToken(eventValue.Span, out ReadOnlySpan<byte> eventParameters), "refer"u8))
        {
            Agent.Reject(request, 489, "Bad Event", c => c.Header(SipHeaderKind.AllowEvents, "refer"));
            return;
        }

        ReferSubscription? refer = _refer;
        if (refer is null || !MatchesReferId(eventParameters, refer.CSeq))
        {
            Agent.Reject(request, 481, "Subscription Does Not Exist");
            return;
        }

        // Possibly before the 202: RFC 6665 has subscribers expect NOTIFY before the creating transaction completes.
        Agent.Respond(request, 200, "OK", toTag: null, c => c.Header(SipHeaderKind.Contact, Agent.Contact(Transport, _dialog!.IsSecure)));
        // Subscription-State is mandatory in NOTIFY (RFC 6665); without one the subscription is taken as still active.
        message.TryGetHeader(SipHeaderKind.SubscriptionState, out ReadOnlyMemory<byte> stateValue);
        bool terminated = Ascii.EqualsIgnoreCase(HeaderToken(stateValue.Span, out ReadOnlySpan<byte> stateParameters), "terminated"u8);
        SipReferOutcome? outcome = refer.IsSettled || message.Body.IsEmpty ? null : ReadSipFrag(message);
        if (outcome is null && terminated && !refer.IsSettled)
        {
            outcome = TerminatedOutcome(stateParameters);
        }

        if (terminated)
        {
            ForgetRefer(refer);
        }

        if (outcome is not null)
        {
            SettleRefer(refer, outcome, forget: terminated);
        }
    }

    /// <summary>The outcome a NOTIFY body reports: null for a provisional status (progress), else final or malformed.</summary>
    private SipReferOutcome? ReadSipFrag(SipMessage notify)
    {
        if (!SipUserAgent.HasMediaType(notify.ContentType.Span, "message/sipfrag"u8))
        {
            return new SipReferOutcome(false, 400, $"NOTIFY body is '{Encoding.UTF8.GetString(notify.ContentType.Span)}', not message/sipfrag");
        }

        SipFragError error = SipFrag.ParseStatusLine(notify.Body.Span, out int code, out ReadOnlySpan<byte> phraseBytes);
        if (error != SipFragError.None)
        {
            return new SipReferOutcome(false, 400, "malformed sipfrag in NOTIFY: " + error);
        }

        string phrase = Encoding.UTF8.GetString(phraseBytes);
        if (code < 200)
        {
            SipUserAgentLog.TransferProgress(Agent.Logger, code, phrase);
            return null;
        }

        return code < 300
            ? new SipReferOutcome(true, code, $"transfer target answered: {code} {phrase}")
            : new SipReferOutcome(false, code, $"transfer target failed: {code} {phrase}");
    }

    /// <summary>Completes the transfer's task once (later outcomes are ignored) and stops its timer. Under the lock.</summary>
    private void SettleRefer(ReferSubscription refer, SipReferOutcome outcome, bool forget)
    {
        if (forget)
        {
            ForgetRefer(refer);
        }

        if (!refer.Result.TrySetResult(outcome))
        {
            return;
        }

        // Only an unsettled transfer owns the timer, and there is at most one (a second ReferAsync gets 491).
        _referTimer.Cancel();
        refer.Cancellation.Unregister(); // not Dispose: that would wait for a cancellation callback blocked on our lock
        SipUserAgentLog.TransferEnded(Agent.Logger, outcome.Succeeded, outcome.StatusCode, outcome.Reason);
    }

    /// <summary>Drops the subscription so that its later NOTIFYs get 481, which ends it at the peer (RFC 6665 §4.1.3).</summary>
    private void ForgetRefer(ReferSubscription refer)
    {
        if (ReferenceEquals(_refer, refer))
        {
            _refer = null;
        }
    }

    /// <summary>Terminated without a final status: the notifier's reason (RFC 6665 §4.1.3) picks the nearest status code.</summary>
    private static SipReferOutcome TerminatedOutcome(ReadOnlySpan<byte> stateParameters)
    {
        string reason = SipParameterReader.TryFind(stateParameters, "reason"u8, uriStyle: false, out int start, out int length)
            ? Encoding.ASCII.GetString(stateParameters.Slice(start, length)).ToLowerInvariant()
            : "";
        int code = reason switch
        {
            "timeout" => 408,
            "rejected" => 603,
            _ => 487,
        };
        return new SipReferOutcome(false, code, reason.Length == 0
            ? "subscription terminated without a final status"
            : $"subscription terminated (reason={reason}) without a final status");
    }

    /// <summary>"id" names the REFER by its CSeq; without it the NOTIFY is for the dialog's only REFER (RFC 3515 §2.4.6).</summary>
    private static bool MatchesReferId(ReadOnlySpan<byte> eventParameters, uint cseq)
    {
        if (!SipParameterReader.TryFind(eventParameters, "id"u8, uriStyle: false, out int start, out int length))
        {
            return true;
        }

        return uint.TryParse(eventParameters.Slice(start, length), NumberStyles.None, CultureInfo.InvariantCulture, out uint id) && id == cseq;
    }

    /// <summary>The leading token of "token;params" (Event, Subscription-State) and the parameters after it.</summary>
    private static ReadOnlySpan<byte> HeaderToken(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> parameters)
    {
        int semi = value.IndexOf((byte)';');
        parameters = semi < 0 ? default : value[semi..];
        return (semi < 0 ? value : value[..semi]).Trim(" \t"u8);
    }

    /// <summary>The Refer-To value for a URI (angle brackets optional); null unless it is a well-formed sip:, sips: or tel: URI.</summary>
    private static string? ReferToValue(string referTo)
    {
        string uri = referTo.Trim();
        if (uri.Length > 1 && uri[0] == '<' && uri[^1] == '>')
        {
            uri = uri[1..^1];
        }

        return SipUri.TryParse(Encoding.UTF8.GetBytes(uri), out SipUri parsed) && parsed.Scheme != SipUriScheme.Other ? "<" + uri + ">" : null;
    }

    /// <summary>Referred-By (RFC 3892): our address of record, the dialog's local URI without display name or tag.</summary>
    private static string ReferredByValue(string localParty) =>
        SipNameAddress.TryParse(Encoding.UTF8.GetBytes(localParty), out SipNameAddress local)
            ? "<" + Encoding.UTF8.GetString(local.Uri.Raw.Span) + ">"
            : localParty;

    /// <summary>One transfer: its result, the CSeq that names its subscription, and what the peer has said so far.</summary>
    private sealed class ReferSubscription
    {
        public TaskCompletionSource<SipReferOutcome> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsSettled => Result.Task.IsCompleted;

        public uint CSeq { get; set; }

        /// <summary>A 2xx to the REFER came (only used to explain a timeout).</summary>
        public bool Accepted { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }
    }
}
