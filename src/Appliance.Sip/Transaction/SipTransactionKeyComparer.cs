namespace Appliance.Sip.Transaction;

/// <summary>
/// Lets a <c>Dictionary&lt;SipTransactionKey, T&gt;</c> be probed with a <see cref="SipTransactionKeyView"/>
/// (<c>GetAlternateLookup</c>), so matching a received message to its transaction allocates nothing.
/// </summary>
public sealed class SipTransactionKeyComparer :
    IEqualityComparer<SipTransactionKey>,
    IAlternateEqualityComparer<SipTransactionKeyView, SipTransactionKey>
{
    /// <summary>The shared instance.</summary>
    public static SipTransactionKeyComparer Instance { get; } = new();

    private SipTransactionKeyComparer()
    {
    }

    /// <inheritdoc/>
    public bool Equals(SipTransactionKey? x, SipTransactionKey? y) => x is null ? y is null : x.Equals(y);

    /// <inheritdoc/>
    public int GetHashCode(SipTransactionKey obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.GetHashCode();
    }

    /// <inheritdoc/>
    public bool Equals(SipTransactionKeyView alternate, SipTransactionKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Matches(alternate);
    }

    /// <inheritdoc/>
    public int GetHashCode(SipTransactionKeyView alternate) => alternate.ComputeHash();

    /// <inheritdoc/>
    public SipTransactionKey Create(SipTransactionKeyView alternate) => new(alternate);
}
