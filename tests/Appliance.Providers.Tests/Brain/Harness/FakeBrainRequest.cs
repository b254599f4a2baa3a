using System.Text.Json;

namespace Appliance.Providers.Tests.Brain.Harness;

/// <summary>One request the fake brain received.</summary>
internal sealed record FakeBrainRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, string ConnectionId)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
