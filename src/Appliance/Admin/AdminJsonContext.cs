using System.Text.Json.Serialization;

namespace Appliance.Admin;

/// <summary>Source-generated JSON metadata for the admin responses (Native AOT: no reflection).</summary>
[JsonSerializable(typeof(ReadinessReport))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
