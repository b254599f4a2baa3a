using System.Text.Json;

namespace Appliance.Providers.Realtime.Gemini;

/// <summary>The <c>setup</c> client message: the first message of every connection (with the resumption handle when resuming).</summary>
internal sealed class GeminiSetupMessage
{
    public required SetupConfig Setup { get; init; }

    public sealed class SetupConfig
    {
        public required string Model { get; init; }

        public required GenerationConfig GenerationConfig { get; init; }

        public GeminiContent? SystemInstruction { get; init; }

        public IReadOnlyList<ToolConfig>? Tools { get; init; }

        public RealtimeInputConfig? RealtimeInputConfig { get; init; }

        public EmptyConfig? InputAudioTranscription { get; init; }

        public EmptyConfig? OutputAudioTranscription { get; init; }

        public SessionResumptionConfig SessionResumption { get; init; } = new();

        public ContextWindowCompressionConfig ContextWindowCompression { get; init; } = new();
    }

    public sealed class GenerationConfig
    {
        public string[] ResponseModalities { get; init; } = ["AUDIO"];

        public SpeechConfig? SpeechConfig { get; init; }
    }

    public sealed class SpeechConfig
    {
        public required VoiceConfig VoiceConfig { get; init; }
    }

    public sealed class VoiceConfig
    {
        public required PrebuiltVoiceConfig PrebuiltVoiceConfig { get; init; }
    }

    public sealed class PrebuiltVoiceConfig
    {
        public required string VoiceName { get; init; }
    }

    public sealed class ToolConfig
    {
        public required IReadOnlyList<FunctionDeclaration> FunctionDeclarations { get; init; }
    }

    public sealed class FunctionDeclaration
    {
        public required string Name { get; init; }

        public string? Description { get; init; }

        public JsonElement Parameters { get; init; }
    }

    public sealed class RealtimeInputConfig
    {
        public required AutomaticActivityDetection AutomaticActivityDetection { get; init; }
    }

    public sealed class AutomaticActivityDetection
    {
        public bool Disabled { get; init; }

        public int? PrefixPaddingMs { get; init; }

        public int? SilenceDurationMs { get; init; }
    }

    public sealed class SessionResumptionConfig
    {
        public string? Handle { get; init; }
    }

    public sealed class ContextWindowCompressionConfig
    {
        public EmptyConfig SlidingWindow { get; init; } = new();
    }

    /// <summary>Serializes as <c>{}</c>: the field's presence switches the feature on.</summary>
    public sealed class EmptyConfig;
}
