using System.Text.Json.Serialization;

namespace Appliance.Providers.Realtime;

/// <summary>Source-generated JSON for the provider-neutral tool plumbing.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(BuiltInToolArguments))]
[JsonSerializable(typeof(ToolResult))]
internal sealed partial class RealtimeJsonContext : JsonSerializerContext;
