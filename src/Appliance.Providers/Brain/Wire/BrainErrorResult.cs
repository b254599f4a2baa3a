namespace Appliance.Providers.Brain.Wire;

/// <summary>The function output the model gets when a tool call fails safe: <c>{"error": "..."}</c>.</summary>
internal sealed class BrainErrorResult
{
    public required string Error { get; init; }
}
