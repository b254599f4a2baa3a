using System.Text;
using Appliance.Sip.Message;

namespace Appliance.Sip.Transaction;

/// <summary>
/// The identity of a transaction: top Via branch + sent-by + method (RFC 3261 §17.1.3 / §17.2.3). Immutable; owns a
/// copy of the bytes so it outlives the packet it came from.
/// </summary>
public sealed class SipTransactionKey : IEquatable<SipTransactionKey>
{
    private readonly byte[] _bytes;
    private readonly int _branchLength;
    private readonly int _hash;

    /// <summary>Copies <paramref name="view"/> into an owned key.</summary>
    public SipTransactionKey(SipTransactionKeyView view)
    {
        _bytes = new byte[view.Branch.Length + view.SentBy.Length];
        view.Branch.CopyTo(_bytes);
        view.SentBy.CopyTo(_bytes.AsSpan(view.Branch.Length));
        _branchLength = view.Branch.Length;
        Method = view.Method;
        _hash = view.ComputeHash();
    }

    /// <summary>The top Via branch.</summary>
    public ReadOnlySpan<byte> Branch => _bytes.AsSpan(0, _branchLength);

    /// <summary>The sent-by (lower-cased; empty for client transactions).</summary>
    public ReadOnlySpan<byte> SentBy => _bytes.AsSpan(_branchLength);

    /// <summary>The transaction's method.</summary>
    public SipMethod Method { get; }

    /// <summary>This key as a view, e.g. to derive the key of the INVITE a CANCEL targets (§9.2).</summary>
    public SipTransactionKeyView AsView() => new(Branch, SentBy, Method);

    /// <summary>True when <paramref name="view"/> names this transaction.</summary>
    public bool Matches(SipTransactionKeyView view) =>
        view.Method == Method && view.Branch.SequenceEqual(Branch) && view.SentBy.SequenceEqual(SentBy);

    /// <inheritdoc/>
    public bool Equals(SipTransactionKey? other) =>
        other is not null && (ReferenceEquals(this, other) || (other._hash == _hash && Matches(other.AsView())));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SipTransactionKey);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <inheritdoc/>
    public override string ToString() => $"{Encoding.ASCII.GetString(Branch)} {Encoding.ASCII.GetString(SentBy)} {Method}";
}
