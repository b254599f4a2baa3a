namespace Appliance.Providers.Realtime.Gemini;

/// <summary>A Gemini <c>Content</c>: a role and text parts (system instruction, greeting turn).</summary>
internal sealed class GeminiContent
{
    public string? Role { get; init; }

    public required IReadOnlyList<Part> Parts { get; init; }

    public static GeminiContent Text(string text, string? role = null) => new() { Role = role, Parts = [new Part { Text = text }] };

    public sealed class Part
    {
        public string? Text { get; init; }
    }
}
