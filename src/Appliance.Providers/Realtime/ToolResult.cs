namespace Appliance.Providers.Realtime;

/// <summary>The JSON result reported to the model for a built-in tool or a failed tool.</summary>
internal sealed class ToolResult
{
    public bool Ok { get; init; }

    public string? Error { get; init; }
}
