using System.Text.Json;

namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>The GA <c>session.update</c> client event; unset fields keep their value (a mid-session update sends only instructions and tools).</summary>
internal sealed class OpenAiSessionUpdate
{
    public string Type => "session.update";

    public required SessionConfig Session { get; init; }

    public sealed class SessionConfig
    {
        public string Type => "realtime";

        public string? Model { get; init; }

        public string? Instructions { get; init; }

        public string[] OutputModalities { get; init; } = ["audio"];

        public AudioConfig? Audio { get; init; }

        public IReadOnlyList<OpenAiTool>? Tools { get; init; }

        public string? ToolChoice { get; init; }
    }

    public sealed class AudioConfig
    {
        public required InputConfig Input { get; init; }

        public required OutputConfig Output { get; init; }
    }

    public sealed class InputConfig
    {
        public required FormatConfig Format { get; init; }

        public OpenAiTurnDetection? TurnDetection { get; init; }

        public TranscriptionConfig? Transcription { get; init; }
    }

    public sealed class OutputConfig
    {
        public required FormatConfig Format { get; init; }

        public string? Voice { get; init; }
    }

    public sealed class FormatConfig
    {
        public required string Type { get; init; }

        public int? Rate { get; init; }
    }

    public sealed class TranscriptionConfig
    {
        public required string Model { get; init; }
    }
}
