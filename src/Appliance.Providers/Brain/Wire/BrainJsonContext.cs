using System.Text.Json.Serialization;

namespace Appliance.Providers.Brain.Wire;

/// <summary>Source-generated JSON for the remote brain contract (snake_case; nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BrainSessionRequest))]
[JsonSerializable(typeof(BrainSessionResponse))]
[JsonSerializable(typeof(BrainToolCallRequest))]
[JsonSerializable(typeof(BrainToolCallResponse))]
[JsonSerializable(typeof(BrainEvent))]
[JsonSerializable(typeof(BrainErrorResult))]
internal sealed partial class BrainJsonContext : JsonSerializerContext;
