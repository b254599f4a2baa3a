using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Transaction;

/// <summary>
/// RFC 3261 §17 transaction layer: matches received messages to transactions (§17.1.3, §17.2.3), creates server
/// transactions for new requests, answers CANCEL (200/481, plus 487 on the INVITE) and merged requests (482), ACKs
/// non-2xx finals, and sends everything through one <see cref="ISipTransactionTransport"/>.
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="OnMessage"/> and every TU-facing member may be called from any thread. The transaction
/// tables are guarded by one lock that is never held while a transaction, the transport or the TU is called.
/// Matching a message to an existing transaction allocates nothing; creating one allocates the transaction.
/// RFC 2543 peers (no "z9hG4bK" branch) are matched on the request's identity (§17.2.3 backward compatibility).
/// </remarks>
public sealed partial class SipTransactionLayer : ISipTransactionHost, ISipMessageHandler
{
    private const int MaxSentByLength = 300;
    private const int MaxLegacyBranchLength = 1024;

    private readonly ISipTransactionTransport _transport;
    private readonly ISipTransactionUser _user;
    private readonly SipTimerQueue _timers;
    private readonly SipTimerSettings _settings;
    private readonly SipTransactionMetrics? _metrics;
    private readonly Lock _lock = new();
    private readonly Dictionary<SipTransactionKey, SipTransactionEntry> _server = new(SipTransactionKeyComparer.Instance);
    private readonly Dictionary<SipTransactionKey, SipTransactionEntry> _client = new(SipTransactionKeyComparer.Instance);
    private readonly Dictionary<SipTransactionKey, SipTransactionEntry>.AlternateLookup<SipTransactionKeyView> _serverLookup;
    private readonly Dictionary<SipTransactionKey, SipTransactionEntry>.AlternateLookup<SipTransactionKeyView> _clientLookup;
    private readonly Dictionary<SipMergeKey, SipTransactionEntry> _merge = [];

    /// <summary>Creates the layer; <paramref name="timers"/> may be shared with other layers and dialogs.</summary>
    public SipTransactionLayer(
        ISipTransactionTransport transport,
        ISipTransactionUser user,
        SipTimerQueue timers,
        SipTimerSettings? settings = null,
        SipTransactionMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(timers);
        _transport = transport;
        _user = user;
        _timers = timers;
        _settings = settings ?? SipTimerSettings.Default;
        _metrics = metrics;
        _serverLookup = _server.GetAlternateLookup<SipTransactionKeyView>();
        _clientLookup = _client.GetAlternateLookup<SipTransactionKeyView>();
    }

    /// <summary>Live server and client transactions.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _server.Count + _client.Count;
            }
        }
    }

    /// <summary>The transport's receive handler: one parsed message and where it came from.</summary>
    public void OnMessage(SipMessage message, in SipReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsRequest)
        {
            OnRequest(message, context);
        }
        else if (message.IsResponse)
        {
            OnResponse(message, context);
        }
    }

    /// <summary>
    /// Writes the start of a response to <paramref name="request"/> received on <paramref name="transaction"/>: status
    /// line, Via (stamped with received/rport per §18.2.1 and RFC 3581), From, To (with the transaction's
    /// <see cref="SipServerTransaction.LocalTag"/> unless the status is 100), Call-ID and CSeq. Append further headers
    /// with a <see cref="SipMessageWriter"/> over the returned buffer, finish with WriteEnd or WriteBody, and pass it to
    /// <see cref="SipServerTransaction.SendResponse"/>.
    /// </summary>
    public static SipPooledBufferWriter BeginResponse(SipServerTransaction transaction, SipMessage request, int statusCode, ReadOnlySpan<byte> reasonPhrase)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new SipPooledBufferWriter(512);
        ReadOnlySpan<byte> toTag = statusCode == 100 ? [] : transaction.LocalTag.Span;
        Entry(transaction).Source.WriteResponseHeaders(new SipMessageWriter(buffer), request, statusCode, reasonPhrase, toTag);
        return buffer;
    }

    bool ISipTransactionHost.Send(SipTransaction transaction, ReadOnlyMemory<byte> message)
    {
        SipTransactionEntry entry = Entry(transaction);
        return transaction is SipClientTransaction
            ? _transport.Send(entry.TransportKind, entry.Destination, message.Span)
            : _transport.SendResponse(entry.Source, message.Span);
    }

    IMemoryOwner<byte>? ISipTransactionHost.CreateTrying(SipServerInviteTransaction transaction) =>
        Entry(transaction).Request is { } invite ? CreateResponse(transaction, invite, 100, "Trying"u8) : null;

    void ISipTransactionHost.OnTerminated(SipTransaction transaction, SipTransactionTermination reason)
    {
        SipTransactionEntry entry = Entry(transaction);
        lock (_lock)
        {
            Dictionary<SipTransactionKey, SipTransactionEntry> table = transaction is SipClientTransaction ? _client : _server;
            if (table.TryGetValue(entry.Key, out SipTransactionEntry? current) && ReferenceEquals(current, entry))
            {
                table.Remove(entry.Key);
            }

            if (entry.MergeKey is { } mergeKey && _merge.TryGetValue(mergeKey, out current) && ReferenceEquals(current, entry))
            {
                _merge.Remove(mergeKey);
            }
        }

        _metrics?.Ended(transaction.Kind, reason);
        if (transaction is SipClientTransaction client)
        {
            entry.ClientUser!.OnTerminated(client, reason);
        }
        else
        {
            _user.OnTerminated((SipServerTransaction)transaction, reason);
        }
    }

    private static SipTransactionEntry Entry(SipTransaction transaction) =>
        transaction.UserToken as SipTransactionEntry
        ?? throw new ArgumentException("The transaction does not belong to a SipTransactionLayer.", nameof(transaction));

    private static SipPooledBufferWriter CreateResponse(SipServerTransaction transaction, SipMessage request, int statusCode, ReadOnlySpan<byte> reasonPhrase)
    {
        SipPooledBufferWriter buffer = BeginResponse(transaction, request, statusCode, reasonPhrase);
        new SipMessageWriter(buffer).WriteEnd();
        return buffer;
    }

    private static byte[] NewTag()
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        byte[] tag = new byte[16];
        Convert.TryToHexStringLower(random, tag, out _);
        return tag;
    }

    /// <summary>Lower-cased "host[:port]" of a Via, the sent-by part of a server transaction key.</summary>
    private static bool TryWriteSentBy(SipVia via, Span<byte> destination, out int length)
    {
        length = 0;
        ReadOnlySpan<byte> host = via.Host.Span;
        if (host.Length + 6 > destination.Length || Ascii.ToLower(host, destination, out length) != OperationStatus.Done)
        {
            return false;
        }

        if (via.Port != 0)
        {
            destination[length++] = (byte)':';
            if (!via.Port.TryFormat(destination[length..], out int digits))
            {
                return false;
            }

            length += digits;
        }

        return true;
    }
}
