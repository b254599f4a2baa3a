namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>The <c>turn_detection</c> object (server_vad or semantic_vad), shared by GA and BETA.</summary>
internal sealed class OpenAiTurnDetection
{
    public required string Type { get; init; }

    public double? Threshold { get; init; }

    public int? PrefixPaddingMs { get; init; }

    public int? SilenceDurationMs { get; init; }

    public string? Eagerness { get; init; }

    public bool CreateResponse { get; init; } = true;

    public bool InterruptResponse { get; init; } = true;

    public static OpenAiTurnDetection From(TurnDetectionOptions options) => options.Mode == TurnDetectionMode.SemanticVad
        ? new OpenAiTurnDetection { Type = "semantic_vad", Eagerness = options.Eagerness }
        : new OpenAiTurnDetection
        {
            Type = "server_vad",
            Threshold = options.Threshold,
            PrefixPaddingMs = options.PrefixPaddingMs,
            SilenceDurationMs = options.SilenceDurationMs,
        };
}
