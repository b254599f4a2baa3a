namespace Appliance.Providers.Realtime.Gemini;

/// <summary>The <c>clientContent</c> client message: appends turns (the greeting request) and asks for a reply.</summary>
internal sealed class GeminiClientContentMessage
{
    public required ContentBody ClientContent { get; init; }

    public sealed class ContentBody
    {
        public required IReadOnlyList<GeminiContent> Turns { get; init; }

        public bool TurnComplete { get; init; } = true;
    }
}
