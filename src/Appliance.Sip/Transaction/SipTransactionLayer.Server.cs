using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Transaction;

/// <summary>Received requests: matching (§17.2.3), new server transactions, CANCEL (§9.2) and merged requests (§8.2.2.2).</summary>
public sealed partial class SipTransactionLayer
{
    private void OnRequest(SipMessage request, in SipReceiveContext context)
    {
        SipVia via = request.TopVia;
        Span<byte> legacyBranch = stackalloc byte[MaxLegacyBranchLength];
        scoped ReadOnlySpan<byte> branch;
        if (via.HasRfc3261Branch)
        {
            branch = via.Branch.Span;
        }
        else if (TryWriteLegacyBranch(request, legacyBranch, out int legacyLength))
        {
            branch = legacyBranch[..legacyLength];
        }
        else
        {
            RejectStateless(request, context);
            return;
        }

        Span<byte> sentBy = stackalloc byte[MaxSentByLength];
        if (!TryWriteSentBy(via, sentBy, out int sentByLength))
        {
            return;
        }

        // An ACK belongs to the INVITE transaction it acknowledges (§17.2.3).
        SipMethod method = request.Method == SipMethod.Ack ? SipMethod.Invite : request.Method;
        var key = new SipTransactionKeyView(branch, sentBy[..sentByLength], method);
        SipTransactionEntry? entry;
        lock (_lock)
        {
            _serverLookup.TryGetValue(key, out entry);
        }

        if (entry is not null)
        {
            OnRetransmission(entry, request, context);
        }
        else if (request.Method == SipMethod.Ack)
        {
            _user.OnAck(request, context);
        }
        else if (request.Method == SipMethod.Cancel)
        {
            OnCancel(request, context, key);
        }
        else
        {
            OnNewRequest(request, context, key);
        }
    }

    /// <summary>
    /// An RFC 2543 peer's request has no unique branch; §17.2.3 then matches on the request's
    /// identity instead: Call-ID, From tag, CSeq number and the top Via's own branch text, which an
    /// ACK and a CANCEL for the INVITE share with it (the To tag is left out: an ACK carries ours).
    /// </summary>
    private static bool TryWriteLegacyBranch(SipMessage request, Span<byte> destination, out int length)
    {
        length = 0;
        ReadOnlySpan<byte> callId = request.CallId.Span;
        ReadOnlySpan<byte> fromTag = request.From.Tag.Span;
        ReadOnlySpan<byte> viaBranch = request.TopVia.Branch.Span;
        if ("rfc2543;"u8.Length + callId.Length + fromTag.Length + viaBranch.Length + 14 > destination.Length)
        {
            return false;
        }
        "rfc2543;"u8.CopyTo(destination);
        length = "rfc2543;"u8.Length;
        callId.CopyTo(destination[length..]);
        length += callId.Length;
        destination[length++] = (byte)';';
        fromTag.CopyTo(destination[length..]);
        length += fromTag.Length;
        destination[length++] = (byte)';';
        System.Buffers.Text.Utf8Formatter.TryFormat(request.CSeq.Number, destination[length..], out int digits);
        length += digits;
        destination[length++] = (byte)';';
        viaBranch.CopyTo(destination[length..]);
        length += viaBranch.Length;
        return true;
    }

    private void OnRetransmission(SipTransactionEntry entry, SipMessage request, in SipReceiveContext context)
    {
        if (request.Method != SipMethod.Ack)
        {
            ((SipServerTransaction)entry.Transaction).ReceiveRequest();
        }
        else if (((SipServerInviteTransaction)entry.Transaction).ReceiveAck() == SipTransactionDisposition.PassToUser)
        {
            _user.OnAck(request, context);
        }
    }

    private void OnNewRequest(SipMessage request, in SipReceiveContext context, SipTransactionKeyView key)
    {
        SipMergeKey? mergeKey = request.To.HasTag
            ? null
            : new SipMergeKey(Encoding.UTF8.GetString(request.From.Tag.Span), Encoding.UTF8.GetString(request.CallId.Span), request.CSeq.Number, request.CSeq.Method);
        SipTransactionEntry? existing;
        SipTransactionEntry? entry = null;
        bool merged = false;
        lock (_lock)
        {
            // Another receive thread may have created it since the lookup (two copies of one datagram).
            if (!_serverLookup.TryGetValue(key, out existing))
            {
                merged = mergeKey is { } candidate && _merge.ContainsKey(candidate);
                entry = CreateServerEntry(request, context, key, merged ? null : mergeKey, inviteToClone: request.Method == SipMethod.Invite && !merged);
                if (entry.MergeKey is { } identity)
                {
                    _merge.Add(identity, entry);
                }
            }
        }

        if (existing is not null)
        {
            OnRetransmission(existing, request, context);
            return;
        }

        var transaction = (SipServerTransaction)entry!.Transaction;
        (transaction as SipServerInviteTransaction)?.Start();
        if (merged)
        {
            transaction.SendResponse(482, CreateResponse(transaction, request, 482, "Loop Detected"u8));
        }
        else
        {
            _user.OnRequest(transaction, request, context);
        }
    }

    private void OnCancel(SipMessage cancel, in SipReceiveContext context, SipTransactionKeyView key)
    {
        SipTransactionEntry? invite;
        SipTransactionEntry? existing;
        SipTransactionEntry? entry = null;
        lock (_lock)
        {
            _serverLookup.TryGetValue(new SipTransactionKeyView(key.Branch, key.SentBy, SipMethod.Invite), out invite);
            if (!_serverLookup.TryGetValue(key, out existing))
            {
                entry = CreateServerEntry(cancel, context, key, mergeKey: null, inviteToClone: false);
            }
        }

        if (existing is not null)
        {
            OnRetransmission(existing, cancel, context);
            return;
        }

        var transaction = (SipServerTransaction)entry!.Transaction;
        if (invite is null)
        {
            transaction.SendResponse(481, CreateResponse(transaction, cancel, 481, "Call/Transaction Does Not Exist"u8));
            return;
        }

        // §9.2: the CANCEL's 200 carries the To tag of the INVITE's responses; the INVITE gets 487 unless a final beat us to it.
        var inviteTransaction = (SipServerInviteTransaction)invite.Transaction;
        transaction.LocalTag = inviteTransaction.LocalTag;
        transaction.SendResponse(200, CreateResponse(transaction, cancel, 200, "OK"u8));
        if (inviteTransaction.State == SipTransactionState.Proceeding
            && invite.Request is { } inviteRequest
            && inviteTransaction.SendResponse(487, CreateResponse(inviteTransaction, inviteRequest, 487, "Request Terminated"u8)))
        {
            _user.OnCancelled(inviteTransaction);
        }
    }

    // Caller holds _lock and has checked the key is free.
    private SipTransactionEntry CreateServerEntry(SipMessage request, in SipReceiveContext context, SipTransactionKeyView key, SipMergeKey? mergeKey, bool inviteToClone)
    {
        var entry = new SipTransactionEntry(new SipTransactionKey(key))
        {
            Source = context,
            Request = inviteToClone ? request.Clone() : null,
            MergeKey = mergeKey,
        };
        SipServerTransaction transaction = request.Method == SipMethod.Invite
            ? new SipServerInviteTransaction(this, _timers, _settings, context.Transport.IsReliable)
            : new SipServerNonInviteTransaction(this, _timers, _settings, context.Transport.IsReliable);
        transaction.UserToken = entry;
        transaction.LocalTag = request.To.HasTag ? ReadOnlyMemory<byte>.Empty : NewTag();
        entry.Transaction = transaction;
        _server.Add(entry.Key, entry);
        _metrics?.Started(transaction.Kind);
        return entry;
    }

    /// <summary>Answers a request without an RFC 3261 branch with 400: without one it cannot be matched to a transaction.</summary>
    private void RejectStateless(SipMessage request, in SipReceiveContext context)
    {
        if (request.Method == SipMethod.Ack)
        {
            _user.OnAck(request, context);
            return;
        }

        using var buffer = new SipPooledBufferWriter(512);
        var writer = new SipMessageWriter(buffer);
        context.WriteResponseHeaders(writer, request, 400, "Missing Via Branch Magic Cookie"u8, NewTag());
        writer.WriteEnd();
        _transport.SendResponse(context, buffer.WrittenSpan);
    }
}
