namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>The <c>conversation.item.truncate</c> client event: cut an assistant item to what the caller heard.</summary>
internal sealed class OpenAiConversationItemTruncate
{
    public string Type => "conversation.item.truncate";

    public required string ItemId { get; init; }

    public int ContentIndex { get; init; }

    public long AudioEndMs { get; init; }
}
