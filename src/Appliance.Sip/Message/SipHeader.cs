namespace Appliance.Sip.Message;

/// <summary>One header field line as received: kind, name as written (long or compact) and the LWS-trimmed value (folds kept).</summary>
public readonly struct SipHeader(SipHeaderKind kind, ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> value)
{
    public SipHeaderKind Kind { get; } = kind;

    public ReadOnlyMemory<byte> Name { get; } = name;

    public ReadOnlyMemory<byte> Value { get; } = value;
}
