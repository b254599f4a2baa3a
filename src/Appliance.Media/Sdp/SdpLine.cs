namespace Appliance.Media.Sdp;

/// <summary>A field this layer does not interpret (i=, u=, e=, p=, b=, r=, z=, k=), kept so it survives a round trip.</summary>
public readonly record struct SdpLine(char Type, string Value)
{
    public override string ToString() => Type + "=" + Value;
}
