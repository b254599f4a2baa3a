using Appliance.Calls;

namespace Appliance.Telephony;

/// <summary>A dial plan's answer: the SIP addressing and the trunk used, or the offending field and why.</summary>
internal sealed record DialPlanResult(DialTarget? Target, string? Trunk, string? Field, string? Error)
{
    public static DialPlanResult Direct(DialTarget target) => new(target, null, null, null);

    public static DialPlanResult ViaTrunk(string trunk, DialTarget target) => new(target, trunk, null, null);

    public static DialPlanResult Invalid(string field, string error) => new(null, null, field, error);
}
