using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Host;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("appliance-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "appliance.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Two_mistakes_are_both_named_with_the_file_and_no_stack_trace()
    {
        var path = Write("""
            {
              "sip": { "maxConcurrentCalls": 0 },
              "media": { "codecs": [ "PCMU", "SPEEX" ] }
            }
            """);
        var result = await ProcessRunner.RunAsync(RepoPaths.Binary, ["check-config", path], TimeSpan.FromSeconds(10));

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"{path}: sip:maxConcurrentCalls: 0 is out of range", result.StdErr, StringComparison.Ordinal);
        Assert.Contains($"{path}: media:codecs:1: 'SPEEX' is not a supported codec", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("has 2 problems", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_bad_config_exits_78_without_starting()
    {
        var path = Write("""{ "admin": { "listen": "nowhere" } }""");
        var result = await ProcessRunner.RunAsync(RepoPaths.Binary, ["run", "--config", path], TimeSpan.FromSeconds(10));
        Assert.Equal(78, result.ExitCode);
        Assert.Contains("admin:listen: 'nowhere' is not host:port", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_error_names_the_line()
    {
        var path = Write("{\n  \"sip\": {\n    \"t1Ms\": 500,,\n  }\n}\n");
        var result = await ProcessRunner.RunAsync(RepoPaths.Binary, ["check-config", path], TimeSpan.FromSeconds(10));
        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"{path}: invalid JSON at line 3", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_and_command_line_override_the_file_and_are_named_as_the_source()
    {
        var path = Write("""{ "sip": { "t1Ms": 500 } }""");
        var result = await ProcessRunner.RunAsync(
            RepoPaths.Binary,
            ["check-config", path, "--media:ptimeMs=25"],
            TimeSpan.FromSeconds(10),
            environment: new Dictionary<string, string> { ["APPLIANCE_Sip__T1Ms"] = "-1" });
        Assert.Equal(78, result.ExitCode);
        Assert.Contains("environment APPLIANCE_Sip__T1Ms: sip:t1Ms: -1 is out of range", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("command line --media:ptimeMs: media:ptimeMs: 25 must be", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Example_configuration_is_valid()
    {
        var example = Path.Combine(RepoPaths.Root, "appliance.json.example");
        var result = await ProcessRunner.RunAsync(
            RepoPaths.Binary, ["check-config", example], TimeSpan.FromSeconds(10),
            environment: new Dictionary<string, string> { ["APPLIANCE_ADMIN_TOKEN"] = "example-token" });
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Embedded_defaults_are_valid()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Binary, ["check-config"], TimeSpan.FromSeconds(10), workingDirectory: _dir);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("embedded defaults", result.StdOut, StringComparison.Ordinal);
    }
}
