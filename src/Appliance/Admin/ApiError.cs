using System.Text.Json.Serialization;

namespace Appliance.Admin;

/// <summary>Every call API error body: what is wrong, and the request field at fault when there is one.</summary>
internal sealed record ApiError(string Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null);
