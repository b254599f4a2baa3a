namespace Appliance.Admin;

/// <summary>The body of GET /v1/calls.</summary>
internal sealed record CallList(IReadOnlyList<CallResource> Calls);
