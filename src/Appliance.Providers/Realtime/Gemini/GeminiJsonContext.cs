using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Providers.Realtime.Gemini;

/// <summary>Source-generated JSON for the Gemini Live cold messages (camelCase on the wire).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GeminiSetupMessage))]
[JsonSerializable(typeof(GeminiClientContentMessage))]
[JsonSerializable(typeof(GeminiRealtimeTextMessage))]
[JsonSerializable(typeof(GeminiToolResponseMessage))]
[JsonSerializable(typeof(GeminiServerMessage))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;
