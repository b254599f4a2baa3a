using Appliance.Sip.Message;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Transaction;

/// <summary>The layer's record of one live transaction, kept in <see cref="SipTransaction.UserToken"/>.</summary>
internal sealed class SipTransactionEntry(SipTransactionKey key)
{
    public SipTransactionKey Key { get; } = key;

    /// <summary>Where a server transaction's request came from and how to answer it.</summary>
    public SipReceiveContext Source { get; init; }

    /// <summary>Transport of a client transaction.</summary>
    public SipTransportKind TransportKind { get; init; }

    /// <summary>Destination of a client transaction.</summary>
    public SipEndPoint Destination { get; init; }

    public SipTransaction Transaction { get; set; } = null!;

    /// <summary>
    /// The request, kept where the layer must build messages from it later: the INVITE of a client INVITE transaction
    /// (ACK, CANCEL; a view over the bytes the transaction owns) or a clone of a received INVITE (100 Trying, 487).
    /// </summary>
    public SipMessage? Request { get; init; }

    /// <summary>§8.2.2.2 identity of a received out-of-dialog request, for merged-request detection.</summary>
    public SipMergeKey? MergeKey { get; init; }

    /// <summary>The TU of a client transaction.</summary>
    public ISipClientTransactionUser? ClientUser { get; init; }
}
