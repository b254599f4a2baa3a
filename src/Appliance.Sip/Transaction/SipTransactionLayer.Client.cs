using System.Buffers;
using Appliance.Sip.Message;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Transaction;

/// <summary>Client transactions: sending requests and CANCELs, matching responses (§17.1.3).</summary>
public sealed partial class SipTransactionLayer
{
    /// <summary>
    /// Starts a client transaction for a serialized request whose top Via carries a fresh RFC 3261 branch (see
    /// <see cref="SipBranch"/>) and sends it to <paramref name="destination"/> over <paramref name="kind"/>. Takes ownership of
    /// <paramref name="request"/>. Over UDP the request is retransmitted; over TCP it is not. Not for ACK: the ACK for a 2xx is sent statelessly by the TU. Throws on a malformed
    /// request or a branch already in use (TU bugs).
    /// </summary>
    public SipClientTransaction SendRequest(IMemoryOwner<byte> request, SipTransportKind kind, SipEndPoint destination, ISipClientTransactionUser user)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        var parsed = new SipMessage();
        bool isInvite = false;
        try
        {
            // An INVITE is parsed from a private copy: the ACK and CANCEL are built from it, possibly after the
            // transaction has released the bytes it sends.
            ReadOnlyMemory<byte> bytes = request.Memory;
            isInvite = bytes.Span.StartsWith("INVITE "u8);
            if (parsed.Parse(isInvite ? bytes.ToArray() : bytes) != SipParseError.None
                || !parsed.IsRequest || parsed.Method == SipMethod.Ack || !parsed.TopVia.HasRfc3261Branch)
            {
                throw new ArgumentException("Not a request with an RFC 3261 branch, or an ACK.", nameof(request));
            }
        }
        catch
        {
            request.Dispose();
            throw;
        }

        var key = new SipTransactionKey(new SipTransactionKeyView(parsed.TopVia.Branch.Span, [], parsed.Method));
        var entry = new SipTransactionEntry(key)
        {
            TransportKind = kind,
            Destination = destination,
            Request = isInvite ? parsed : null,
            ClientUser = user,
        };
        bool reliable = kind != SipTransportKind.Udp;
        SipClientTransaction transaction = isInvite
            ? new SipClientInviteTransaction(this, _timers, _settings, reliable, request)
            : new SipClientNonInviteTransaction(this, _timers, _settings, reliable, request);
        transaction.UserToken = entry;
        entry.Transaction = transaction;
        lock (_lock)
        {
            if (!_client.TryAdd(key, entry))
            {
                request.Dispose();
                throw new InvalidOperationException($"A client transaction {key} already exists.");
            }

            _metrics?.Started(transaction.Kind);
        }

        transaction.Start();
        return transaction;
    }

    /// <summary>
    /// Cancels a pending INVITE (§9.1): builds the CANCEL from the INVITE (same Request-URI, top Via, From, To, Call-ID,
    /// CSeq number and Route) and starts its own transaction. Returns null while <see cref="SipClientInviteTransaction.CanCancel"/>
    /// is false: before any provisional (retry on the first one) or after a final response.
    /// </summary>
    public SipClientNonInviteTransaction? SendCancel(SipClientInviteTransaction invite, ISipClientTransactionUser user)
    {
        ArgumentNullException.ThrowIfNull(invite);
        if (!invite.CanCancel)
        {
            return null;
        }

        SipTransactionEntry entry = Entry(invite);
        SipMessage request = entry.Request!;
        var buffer = new SipPooledBufferWriter(512);
        var writer = new SipMessageWriter(buffer);
        writer.WriteRequestLine(SipMethod.Cancel, request.RequestUri.Raw.Span);
        writer.WriteHeader(SipHeaderKind.Via, request.TopVia.Raw.Span);
        writer.WriteHeader(SipHeaderKind.MaxForwards, 70);
        foreach (ref readonly SipHeader header in request.Headers)
        {
            if (header.Kind is SipHeaderKind.From or SipHeaderKind.To or SipHeaderKind.CallId or SipHeaderKind.Route)
            {
                writer.WriteHeader(header);
            }
        }

        writer.WriteCSeq(request.CSeq.Number, "CANCEL"u8);
        writer.WriteEnd();
        return (SipClientNonInviteTransaction)SendRequest(buffer, entry.TransportKind, entry.Destination, user);
    }

    private void OnResponse(SipMessage response, in SipReceiveContext context)
    {
        var key = new SipTransactionKeyView(response.TopVia.Branch.Span, [], response.CSeq.Method);
        SipTransactionEntry? entry;
        lock (_lock)
        {
            _clientLookup.TryGetValue(key, out entry);
        }

        if (entry is null)
        {
            _user.OnStrayResponse(response, context);
            return;
        }

        SipTransactionDisposition disposition;
        if (entry.Transaction is SipClientInviteTransaction invite)
        {
            var ack = new SipAckBuilder(entry.Request!, response);
            disposition = invite.ReceiveResponse(response.StatusCode, ref ack);
        }
        else
        {
            disposition = ((SipClientNonInviteTransaction)entry.Transaction).ReceiveResponse(response.StatusCode);
        }

        if (disposition == SipTransactionDisposition.PassToUser)
        {
            entry.ClientUser!.OnResponse((SipClientTransaction)entry.Transaction, response);
        }
    }
}
