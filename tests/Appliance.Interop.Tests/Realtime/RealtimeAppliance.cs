using System.Text.Json.Nodes;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>
/// The binary with one realtime agent, "assistant", answering every call and pointed at an in-process fake provider
/// through its Endpoint override; the API key comes from the environment, as in production.
/// </summary>
internal static class RealtimeAppliance
{
    public const string ApiKey = "test-key-not-secret";
    private const string ApiKeyVariable = "REALTIME_TEST_API_KEY";

    /// <summary>An agent's configuration to adjust before <see cref="StartAsync"/>: short timeouts, no greeting.</summary>
    public static JsonObject Agent(string provider, Uri endpoint) => (JsonObject)JsonNode.Parse($$"""
        {
          "type": "realtime",
          "realtime": {
            "provider": "{{provider}}",
            "endpoint": "{{endpoint}}",
            "apiKey": { "env": "{{ApiKeyVariable}}" },
            "instructions": "You are the receptionist of a test clinic.",
            "connectTimeoutMs": 3000,
            "setupTimeoutMs": 3000
          }
        }
        """)!;

    /// <summary>Writes appliance.json into <paramref name="directory"/> and starts the binary on it (secrets in <paramref name="environment"/>).</summary>
    public static async Task<ApplianceProcess> StartAsync(string directory, JsonObject agent, JsonObject? brains = null, IDictionary<string, string>? environment = null)
    {
        var config = new JsonObject
        {
            ["defaultAgent"] = "assistant",
            ["agents"] = new JsonObject { ["assistant"] = agent },
        };
        if (brains is not null)
        {
            config["brains"] = brains;
        }

        string path = Path.Combine(directory, "appliance.json");
        await File.WriteAllTextAsync(path, config.ToJsonString());
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { [ApiKeyVariable] = ApiKey };
        var appliance = ApplianceProcess.Start(["--config", path], variables);
        try
        {
            await appliance.WaitReadyAsync();
        }
        catch
        {
            await appliance.DisposeAsync();
            throw;
        }

        return appliance;
    }

    /// <summary>Sets <c>realtime.<paramref name="key"/></c> of an agent made by <see cref="Agent"/>.</summary>
    public static JsonObject With(this JsonObject agent, string key, JsonNode? value)
    {
        agent["realtime"]![key] = value;
        return agent;
    }
}
