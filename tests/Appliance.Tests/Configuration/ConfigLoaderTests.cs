using Appliance.Configuration;

namespace Appliance.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
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
    public void Embedded_defaults_listen_on_5060_udp_and_tcp_with_admin_on_loopback()
    {
        var result = ConfigLoader.Load(Write("{}"), []);
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        var config = result.Config!;
        Assert.Equal([("udp", "0.0.0.0", 5060), ("tcp", "0.0.0.0", 5060)], config.Sip.Listen.Select(l => (l.Transport, l.Address, l.Port)));
        Assert.Equal("127.0.0.1:9560", config.Admin.Listen);
        Assert.Equal(["PCMU", "PCMA", "G722"], config.Media.Codecs);
        Assert.Equal("parrot", config.DefaultAgent);
    }

    [Fact]
    public void Command_line_overrides_the_file_and_replaces_lists()
    {
        var path = Write("""{ "sip": { "t1Ms": 300 }, "media": { "codecs": ["PCMA"] } }""");
        var result = ConfigLoader.Load(path, ["--sip:t1Ms=250", "--sip:listen:0:transport=tcp", "--sip:listen:0:port=5080"]);
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.Equal(250, result.Config!.Sip.T1Ms);
        Assert.Equal(["PCMA"], result.Config.Media.Codecs);
        Assert.Single(result.Config.Sip.Listen);
        Assert.Equal(5080, result.Config.Sip.Listen[0].Port);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_path_and_file()
    {
        var path = Write("""
            {
              "sip": { "t1Ms": "soon", "listen": [ { "transport": "sctp", "address": "x", "port": 0 } ] },
              "media": { "rtpPortMin": 10001, "rtpPortMax": 10000 },
              "log": { "format": "xml", "levels": { "Appliance.Sip": "Chatty" } },
              "unknownSection": { "a": 1 },
              "defaultAgent": "nobody"
            }
            """);
        var result = ConfigLoader.Load(path, []);
        Assert.False(result.IsValid);
        var paths = result.Errors.Select(e => e.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Superset(
            new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "sip:t1Ms", "sip:listen:0:transport", "sip:listen:0:address", "sip:listen:0:port",
                "media:rtpPortMin", "media:rtpPortMax", "log:format", "log:levels:Appliance.Sip",
                "unknownSection:a", "defaultAgent",
            },
            paths);
        Assert.All(result.Errors.Where(e => e.Path != "defaultAgent"), e => Assert.Equal(path, e.Source));
    }

    [Fact]
    public void Missing_explicit_file_is_an_error()
    {
        var result = ConfigLoader.Load(Path.Combine(_dir, "absent.json"), []);
        Assert.False(result.IsValid);
        Assert.Contains("does not exist", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_come_from_files_and_never_from_the_model()
    {
        var secretFile = Path.Combine(_dir, "token");
        File.WriteAllText(secretFile, "s3cret\n");
        var result = ConfigLoader.Load(Write($$"""{ "admin": { "token": { "file": "{{secretFile}}" } } }"""), []);
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.Equal("s3cret", result.Secrets.AdminToken);
        Assert.Null(result.Config!.Admin.Token.Value);
    }

    [Fact]
    public void Unset_secret_environment_variable_is_named()
    {
        var result = ConfigLoader.Load(Write("""{ "admin": { "token": { "env": "APPLIANCE_TEST_UNSET_TOKEN_VAR" } } }"""), []);
        var error = Assert.Single(result.Errors);
        Assert.Equal("admin:token:env", error.Path);
        Assert.Contains("APPLIANCE_TEST_UNSET_TOKEN_VAR is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_registration_expiry_is_accepted_and_a_registering_trunk_needs_a_listener_of_its_transport()
    {
        var trunk = """{ "registrar": "sip:127.0.0.1:5080", "username": "alice", "password": { "value": "pw" }, "expiresSeconds": 10, "transport": "tcp" }""";
        var withTcp = ConfigLoader.Load(Write($$"""{ "trunks": { "kam": {{trunk}} } }"""), []);
        Assert.True(withTcp.IsValid, string.Join('\n', withTcp.Errors));

        var udpOnly = ConfigLoader.Load(Write($$"""{ "trunks": { "kam": {{trunk}} } }"""), ["--sip:listen:0:transport=udp"]);
        var error = Assert.Single(udpOnly.Errors);
        Assert.Equal("trunks:kam:transport", error.Path);
        Assert.Contains("no sip:listen entry uses tcp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trunks_bind_with_dids_and_passwords_from_the_environment()
    {
        Environment.SetEnvironmentVariable("APPLIANCE_TEST_TRUNK_PASSWORD", "pw-1");
        var path = Write("""
            {
              "agents": { "sales": { "type": "echo", "answerDelayMs": 1500 } },
              "trunks": {
                "carrier": {
                  "registrar": "sip:sip.example.com:5060",
                  "username": "alice",
                  "password": { "env": "APPLIANCE_TEST_TRUNK_PASSWORD" },
                  "sourceAddresses": [ "192.0.2.0/24" ],
                  "dids": { "+15551234567": "sales", "+1555*": "echo" }
                }
              }
            }
            """);
        var result = ConfigLoader.Load(path, []);
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        var trunk = result.Config!.Trunks["carrier"];
        Assert.Equal("sales", trunk.Dids["+15551234567"]);
        Assert.Equal(["192.0.2.0/24"], trunk.SourceAddresses);
        Assert.Equal(1500, result.Config.Agents["sales"].AnswerDelayMs);
        Assert.Equal("pw-1", result.Secrets.TrunkPasswords["carrier"]);
    }

    [Fact]
    public void Trunk_mistakes_are_named()
    {
        var path = Write("""
            {
              "trunks": {
                "bad": {
                  "registrar": "carrier.example.com",
                  "username": "alice",
                  "transport": "tls",
                  "sourceAddresses": [ "300.1.1.0/24" ],
                  "dids": { "+1*55": "nobody" },
                  "keepalive": "ping"
                }
              }
            }
            """);
        var paths = ConfigLoader.Load(path, []).Errors.Select(e => e.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Superset(
            new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "trunks:bad:registrar", "trunks:bad:password", "trunks:bad:transport", "trunks:bad:sourceAddresses:0",
                "trunks:bad:dids:+1*55", "trunks:bad:keepalive",
            },
            paths);
    }
}
