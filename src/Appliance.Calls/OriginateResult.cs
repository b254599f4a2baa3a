namespace Appliance.Calls;

/// <summary>What placing a call gave: its first status, or why it was not attempted.</summary>
public sealed record OriginateResult(CallStatus? Call, DialRefusal Refusal)
{
    public bool Placed => Call is not null;
}
