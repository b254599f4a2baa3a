using System.Text.Json;

namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>A function tool as OpenAI declares it (GA and BETA alike).</summary>
internal sealed class OpenAiTool
{
    public string Type => "function";

    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonElement Parameters { get; init; }
}
