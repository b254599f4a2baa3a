using Appliance.Sip.Message;

namespace Appliance.Sip.Transaction;

/// <summary>
/// A transaction key over bytes still inside a received packet, for allocation-free lookups of
/// <see cref="SipTransactionKey"/> (§17.1.3 / §17.2.3). The method is the transaction's: INVITE for an ACK to a
/// non-2xx; the sent-by is empty for client transactions (their responses carry our own Via).
/// </summary>
public readonly ref struct SipTransactionKeyView
{
    /// <summary>Creates a view; <paramref name="sentBy"/> must already be lower-cased (hosts compare case-insensitively).</summary>
    public SipTransactionKeyView(ReadOnlySpan<byte> branch, ReadOnlySpan<byte> sentBy, SipMethod method)
    {
        Branch = branch;
        SentBy = sentBy;
        Method = method;
    }

    /// <summary>The top Via branch parameter, magic cookie included.</summary>
    public ReadOnlySpan<byte> Branch { get; }

    /// <summary>The top Via sent-by (host[:port]), lower-cased; empty for client transactions.</summary>
    public ReadOnlySpan<byte> SentBy { get; }

    /// <summary>The method of the transaction (CSeq method for responses).</summary>
    public SipMethod Method { get; }

    internal int ComputeHash()
    {
        var hash = default(HashCode);
        hash.AddBytes(Branch);
        hash.Add(Branch.Length);
        hash.AddBytes(SentBy);
        hash.Add((int)Method);
        return hash.ToHashCode();
    }
}
