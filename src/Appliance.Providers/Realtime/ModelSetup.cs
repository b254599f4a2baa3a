namespace Appliance.Providers.Realtime;

/// <summary>What the model is currently told: its instructions and the functions it may call (built-ins included).</summary>
/// <remarks>Immutable and swapped whole, so a session update never pairs new instructions with old tools.</remarks>
internal sealed record ModelSetup(string? Instructions, IReadOnlyList<ToolDeclaration> Tools);
