using System.Text.Json;
using Appliance.Configuration;

namespace Appliance.Tests.Configuration;

public sealed class RealtimeConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("appliance-realtime-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "appliance.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Assistant = """
        {
          "defaultAgent": "assistant",
          "agents": {
            "assistant": {
              "type": "realtime",
              "brain": "reception",
              "realtime": {
                "provider": "openai",
                "voice": "marin",
                "instructions": "Be brief.",
                "endpoint": "ws://127.0.0.1:9/v1/realtime",
                "turnDetection": { "mode": "semantic_vad", "eagerness": "low" },
                "transferTargets": [ "sip:front-desk@pbx.example", "+1555123*" ],
                "tools": [
                  { "name": "lookup_order", "description": "Finds an order.",
                    "parameters": { "type": "object", "properties": { "order": { "type": "string", "minLength": 6 } }, "required": ["order"] } }
                ]
              }
            }
          },
          "brains": {
            "reception": { "url": "http://127.0.0.1:8700", "timeoutMs": 1500, "config": { "clinic": "North", "slots": [9, 10], "open": true } }
          }
        }
        """;

    [Fact]
    public void A_realtime_agent_binds_with_its_tool_schema_and_brain_config_kept_as_written()
    {
        var result = ConfigLoader.Load(Write(Assistant), []);

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        var agent = result.Config!.Agents["assistant"];
        Assert.Equal("realtime", agent.Type);
        Assert.Equal("reception", agent.Brain);
        Assert.Equal("marin", agent.Realtime.Voice);
        Assert.Equal("semantic_vad", agent.Realtime.TurnDetection.Mode);
        Assert.Equal(["sip:front-desk@pbx.example", "+1555123*"], agent.Realtime.TransferTargets);
        var tool = Assert.Single(agent.Realtime.Tools);
        Assert.Equal("lookup_order", tool.Name);
        using (var schema = JsonDocument.Parse(tool.ParametersJson))
        {
            Assert.Equal(6, schema.RootElement.GetProperty("properties").GetProperty("order").GetProperty("minLength").GetInt32());
            Assert.Equal("order", schema.RootElement.GetProperty("required")[0].GetString());
        }
        var brain = result.Config.Brains["reception"];
        Assert.Equal(1500, brain.TimeoutMs);
        using var config = JsonDocument.Parse(brain.ConfigJson!);
        Assert.Equal(JsonValueKind.Array, config.RootElement.GetProperty("slots").ValueKind);
        Assert.True(config.RootElement.GetProperty("open").GetBoolean());
    }

    [Fact]
    public void A_free_form_section_touched_by_an_override_is_rebuilt_from_its_keys()
    {
        var result = ConfigLoader.Load(Write(Assistant), ["--brains:reception:config:slots:2=11"]);

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        using var config = JsonDocument.Parse(result.Config!.Brains["reception"].ConfigJson!);
        Assert.Equal([9, 10, 11], config.RootElement.GetProperty("slots").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("North", config.RootElement.GetProperty("clinic").GetString());
    }

    [Fact]
    public void Realtime_mistakes_are_each_named_with_their_option()
    {
        var path = Write("""
            {
              "agents": {
                "bad": {
                  "type": "realtime",
                  "brain": "missing",
                  "realtime": {
                    "provider": "azure-openai",
                    "audioFormat": "opus",
                    "batchMs": 5,
                    "failurePrompt": "/nonexistent/sorry.wav",
                    "turnDetection": { "mode": "push_to_talk", "threshold": 2 },
                    "tools": [ { "name": "end_call" }, { "name": "has space" } ]
                  }
                },
                "echo": { "type": "echo", "brain": "reception" }
              },
              "brains": { "reception": { "url": "ftp://brain", "config": [1, 2] } }
            }
            """);

        var result = ConfigLoader.Load(path, []);

        Assert.False(result.IsValid);
        var paths = result.Errors.Select(e => e.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Superset(
            new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "agents:bad:brain", "agents:bad:realtime:endpoint", "agents:bad:realtime:model", "agents:bad:realtime:audioFormat",
                "agents:bad:realtime:batchMs", "agents:bad:realtime:failurePrompt", "agents:bad:realtime:turnDetection:mode",
                "agents:bad:realtime:turnDetection:threshold", "agents:bad:realtime:tools:0:name", "agents:bad:realtime:tools:1:name",
                "agents:echo:brain", "brains:reception:url", "brains:reception:config",
            },
            paths);
        Assert.All(result.Errors, e => Assert.EndsWith("appliance.json", e.Source));
    }

    [Fact]
    public void A_real_provider_needs_an_api_key_and_the_key_comes_from_the_environment_unlogged()
    {
        var missing = ConfigLoader.Load(Write("""{ "agents": { "a": { "type": "realtime" } } }"""), []);
        Assert.Contains(missing.Errors, e => e.Path == "agents:a:realtime:apiKey");

        Environment.SetEnvironmentVariable("APPLIANCE_TEST_OPENAI_KEY", "sk-test-123");
        try
        {
            var result = ConfigLoader.Load(Write("""{ "agents": { "a": { "type": "realtime", "realtime": { "apiKey": { "env": "APPLIANCE_TEST_OPENAI_KEY" } } } } }"""), []);
            Assert.True(result.IsValid, string.Join('\n', result.Errors));
            Assert.Equal("sk-test-123", result.Secrets.AgentApiKeys["a"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("APPLIANCE_TEST_OPENAI_KEY", null);
        }
    }

    [Fact]
    public void An_admin_endpoint_off_loopback_without_a_token_is_refused()
    {
        var open = ConfigLoader.Load(Write("""{ "admin": { "listen": "0.0.0.0:9560" } }"""), []);
        var error = Assert.Single(open.Errors);
        Assert.Equal("admin:token", error.Path);
        Assert.Contains("not a loopback address", error.Message, StringComparison.Ordinal);

        Assert.True(ConfigLoader.Load(Write("""{ "admin": { "listen": "[::1]:9560" } }"""), []).IsValid);
        Assert.True(ConfigLoader.Load(Write("""{ "admin": { "listen": "0.0.0.0:9560", "token": { "value": "s3cret" } } }"""), []).IsValid);
    }
}
