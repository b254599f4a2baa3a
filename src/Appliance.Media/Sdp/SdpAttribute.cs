namespace Appliance.Media.Sdp;

/// <summary>One a= line: a property attribute (<c>a=rtcp-mux</c>, Value null) or a value attribute (<c>a=ptime:20</c>).</summary>
public readonly record struct SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : Name + ":" + Value;

    internal static SdpAttribute Parse(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpAttribute(text, null) : new SdpAttribute(text[..colon], text[(colon + 1)..]);
    }
}
