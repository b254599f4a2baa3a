using System.Text.Json;

namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>The cold server events (everything but audio deltas), flattened: each event fills the fields it has.</summary>
internal sealed class OpenAiServerEvent
{
    public string? Type { get; init; }

    public string? ItemId { get; init; }

    public string? ResponseId { get; init; }

    public string? CallId { get; init; }

    public string? Name { get; init; }

    public string? Arguments { get; init; }

    public string? Transcript { get; init; }

    public long? AudioStartMs { get; init; }

    public long? AudioEndMs { get; init; }

    public ResponseInfo? Response { get; init; }

    public ErrorInfo? Error { get; init; }

    public sealed class ResponseInfo
    {
        public string? Id { get; init; }

        public string? Status { get; init; }

        /// <summary>Kept raw: a server sending odd metadata must not cost the event its function calls.</summary>
        public JsonElement? Metadata { get; init; }

        public UsageInfo? Usage { get; init; }
    }

    public sealed class UsageInfo
    {
        public long TotalTokens { get; init; }

        public long InputTokens { get; init; }

        public long OutputTokens { get; init; }

        public TokenDetails? InputTokenDetails { get; init; }

        public TokenDetails? OutputTokenDetails { get; init; }
    }

    public sealed class TokenDetails
    {
        public long TextTokens { get; init; }

        public long AudioTokens { get; init; }

        public long CachedTokens { get; init; }
    }

    public sealed class ErrorInfo
    {
        public string? Type { get; init; }

        public string? Code { get; init; }

        public string? Message { get; init; }

        public string? Param { get; init; }

        public string? EventId { get; init; }
    }
}
