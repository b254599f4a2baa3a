using Appliance.Calls;

namespace Appliance.Admin;

/// <summary>A call ready to place, or what is wrong with the request.</summary>
internal sealed record CallPlan(OutboundCallRequest? Request, ApiError? Error)
{
    public static CallPlan Valid(OutboundCallRequest request) => new(request, null);

    public static CallPlan Invalid(ApiError error) => new(null, error);
}
