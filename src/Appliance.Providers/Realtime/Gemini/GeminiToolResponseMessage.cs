using System.Text.Json;

namespace Appliance.Providers.Realtime.Gemini;

/// <summary>The <c>toolResponse</c> client message answering a <c>toolCall</c>; ids echo the call ids.</summary>
internal sealed class GeminiToolResponseMessage
{
    public required ResponseBody ToolResponse { get; init; }

    public sealed class ResponseBody
    {
        public required IReadOnlyList<FunctionResponse> FunctionResponses { get; init; }
    }

    public sealed class FunctionResponse
    {
        public required string Id { get; init; }

        public required string Name { get; init; }

        public JsonElement Response { get; init; }
    }
}
