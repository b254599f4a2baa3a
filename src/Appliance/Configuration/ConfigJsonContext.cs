using System.Text.Json.Serialization;

namespace Appliance.Configuration;

/// <summary>Source-generated JSON metadata for the configuration model (used to derive the option schema).</summary>
[JsonSerializable(typeof(ApplianceConfig))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
