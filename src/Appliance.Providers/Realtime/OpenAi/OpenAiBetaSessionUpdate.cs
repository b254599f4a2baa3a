namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>The BETA (gpt-4o-realtime-preview) <c>session.update</c> client event: formats and voice at the top level; unset fields keep their value.</summary>
internal sealed class OpenAiBetaSessionUpdate
{
    public string Type => "session.update";

    public required BetaSessionConfig Session { get; init; }

    public sealed class BetaSessionConfig
    {
        public string[] Modalities { get; init; } = ["audio", "text"];

        public string? Instructions { get; init; }

        public string? Voice { get; init; }

        public string? InputAudioFormat { get; init; }

        public string? OutputAudioFormat { get; init; }

        public OpenAiSessionUpdate.TranscriptionConfig? InputAudioTranscription { get; init; }

        public OpenAiTurnDetection? TurnDetection { get; init; }

        public IReadOnlyList<OpenAiTool>? Tools { get; init; }

        public string? ToolChoice { get; init; }
    }
}
