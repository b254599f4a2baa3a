using System.Text.Json;

namespace Appliance.Providers.Brain.Wire;

/// <summary>The <c>tool</c> object of a <c>/tool-call</c> request: what the model called, with its arguments.</summary>
internal sealed class BrainToolInvocation
{
    public required string Name { get; init; }

    public required JsonElement Args { get; init; }
}
