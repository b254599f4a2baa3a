using System.Text.Json.Serialization;

namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>Source-generated JSON for the OpenAI Realtime cold events (snake_case on the wire).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenAiSessionUpdate))]
[JsonSerializable(typeof(OpenAiBetaSessionUpdate))]
[JsonSerializable(typeof(OpenAiConversationItemCreate))]
[JsonSerializable(typeof(OpenAiResponseCreate))]
[JsonSerializable(typeof(OpenAiConversationItemTruncate))]
[JsonSerializable(typeof(OpenAiServerEvent))]
internal sealed partial class OpenAiJsonContext : JsonSerializerContext;
