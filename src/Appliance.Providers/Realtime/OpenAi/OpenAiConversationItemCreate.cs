namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>The <c>conversation.item.create</c> client event: a user text message or a function call's output.</summary>
internal sealed class OpenAiConversationItemCreate
{
    public string Type => "conversation.item.create";

    public required ItemConfig Item { get; init; }

    public static OpenAiConversationItemCreate UserText(string text) => new()
    {
        Item = new ItemConfig { Type = "message", Role = "user", Content = [new ContentPart { Type = "input_text", Text = text }] },
    };

    /// <summary>A note from the appliance (e.g. a failed transfer) in the system role.</summary>
    public static OpenAiConversationItemCreate SystemText(string text) => new()
    {
        Item = new ItemConfig { Type = "message", Role = "system", Content = [new ContentPart { Type = "input_text", Text = text }] },
    };

    public static OpenAiConversationItemCreate FunctionOutput(string callId, string output) => new()
    {
        Item = new ItemConfig { Type = "function_call_output", CallId = callId, Output = output },
    };

    public sealed class ItemConfig
    {
        public required string Type { get; init; }

        public string? Role { get; init; }

        public IReadOnlyList<ContentPart>? Content { get; init; }

        public string? CallId { get; init; }

        public string? Output { get; init; }
    }

    public sealed class ContentPart
    {
        public required string Type { get; init; }

        public string? Text { get; init; }
    }
}
