namespace Appliance.Providers.Realtime;

/// <summary>Turn detection settings sent to the provider; null values leave the provider's defaults.</summary>
public sealed record TurnDetectionOptions
{
    /// <summary>Server VAD or semantic VAD.</summary>
    public TurnDetectionMode Mode { get; init; } = TurnDetectionMode.ServerVad;

    /// <summary>VAD activation threshold 0..1 (OpenAI server_vad).</summary>
    public double? Threshold { get; init; }

    /// <summary>Audio kept before detected speech, in milliseconds.</summary>
    public int? PrefixPaddingMs { get; init; }

    /// <summary>Silence that ends a turn, in milliseconds.</summary>
    public int? SilenceDurationMs { get; init; }

    /// <summary>semantic_vad eagerness: "low", "medium", "high" or "auto".</summary>
    public string? Eagerness { get; init; }
}
