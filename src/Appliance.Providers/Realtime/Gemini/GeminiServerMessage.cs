using System.Text.Json;

namespace Appliance.Providers.Realtime.Gemini;

/// <summary>The cold parts of a server message; <c>serverContent</c> (audio) is read by hand and skipped here.</summary>
internal sealed class GeminiServerMessage
{
    public JsonElement? SetupComplete { get; init; }

    public ToolCallInfo? ToolCall { get; init; }

    public ToolCallCancellationInfo? ToolCallCancellation { get; init; }

    public GoAwayInfo? GoAway { get; init; }

    public SessionResumptionUpdateInfo? SessionResumptionUpdate { get; init; }

    public UsageMetadataInfo? UsageMetadata { get; init; }

    public sealed class ToolCallInfo
    {
        public IReadOnlyList<FunctionCall?>? FunctionCalls { get; init; }
    }

    public sealed class FunctionCall
    {
        public string? Id { get; init; }

        public string? Name { get; init; }

        public JsonElement Args { get; init; }
    }

    public sealed class ToolCallCancellationInfo
    {
        public IReadOnlyList<string?>? Ids { get; init; }
    }

    public sealed class GoAwayInfo
    {
        public string? TimeLeft { get; init; }
    }

    public sealed class SessionResumptionUpdateInfo
    {
        public string? NewHandle { get; init; }

        public bool Resumable { get; init; }
    }

    public sealed class UsageMetadataInfo
    {
        public long PromptTokenCount { get; init; }

        public long CachedContentTokenCount { get; init; }

        public long ResponseTokenCount { get; init; }

        public long TotalTokenCount { get; init; }

        public IReadOnlyList<ModalityTokenCount?>? PromptTokensDetails { get; init; }

        public IReadOnlyList<ModalityTokenCount?>? ResponseTokensDetails { get; init; }
    }

    public sealed class ModalityTokenCount
    {
        public string? Modality { get; init; }

        public long TokenCount { get; init; }
    }
}
