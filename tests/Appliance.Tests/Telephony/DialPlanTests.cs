using Appliance.Configuration;
using Appliance.Telephony;

namespace Appliance.Tests.Telephony;

public sealed class DialPlanTests
{
    private static DialPlan Plan(ApplianceConfig config) => new(config, ResolvedSecrets.Resolve(config, []));

    [Fact]
    public void A_sip_uri_without_a_trunk_goes_straight_to_its_host_without_credentials()
    {
        var config = new ApplianceConfig();
        config.Trunks["carrier"] = new TrunkConfig { Proxy = "sip:10.0.0.1", Password = new SecretConfig { Value = "pw" }, Username = "alice" };

        var result = Plan(config).Resolve("sip:echo@127.0.0.1:5062", null, null);

        Assert.Null(result.Trunk);
        Assert.Equal("sip:echo@127.0.0.1:5062", result.Target!.RequestUri);
        Assert.Equal("sip:echo@127.0.0.1:5062", result.Target.NextHop);
        Assert.Equal("appliance", result.Target.FromUser);
        Assert.Null(result.Target.AuthUsername);
    }

    [Fact]
    public void A_number_uses_the_trunks_domain_caller_id_outbound_proxy_and_digest_user()
    {
        var config = new ApplianceConfig();
        config.Trunks["Carrier"] = new TrunkConfig
        {
            Registrar = "sip:[2001:db8::1]:5080",
            OutboundProxy = "sip:sbc.example:5090",
            Username = "alice",
            AuthUsername = "alice-auth",
            CallerId = "+15550001111",
            Transport = "tcp",
            Realm = "carrier.example",
            Password = new SecretConfig { Value = "pw" },
        };

        var result = Plan(config).Resolve("+4930123456", "carrier", null);

        Assert.Equal("Carrier", result.Trunk);
        var target = result.Target!;
        Assert.Equal("sip:+4930123456@[2001:db8::1]:5080;user=phone;transport=tcp", target.RequestUri);
        Assert.Equal("sip:sbc.example:5090;lr;transport=tcp", target.OutboundProxy);
        Assert.Equal("sip:sbc.example:5090;lr;transport=tcp", target.NextHop);
        Assert.Equal("+15550001111", target.FromUser);
        Assert.Equal("2001:db8::1", target.FromHost);
        Assert.Equal("alice-auth", target.AuthUsername);
        Assert.Equal("pw", target.AuthPassword);
        Assert.Equal("carrier.example", target.AuthRealm);
    }

    [Theory]
    [InlineData("+15551234567", null, null, "trunk")]
    [InlineData("+15551234567", "missing", null, "trunk")]
    [InlineData("+15551234567", "a", "two words", "caller_id")]
    [InlineData("+15551234567", "a", "", "caller_id")]
    [InlineData("tel:+15551234567", "a", null, "to")]
    [InlineData("sip:", null, null, "to")]
    [InlineData("sip:a b@host", null, null, "to")]
    [InlineData("  ", null, null, "to")]
    [InlineData("sip:bob@pbx.example?Replaces=abc", null, null, "to")]
    [InlineData("sip:a@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", null, null, "to")]
    public void Problems_name_the_field_at_fault(string to, string? trunk, string? callerId, string field)
    {
        var config = new ApplianceConfig();
        config.Trunks["a"] = new TrunkConfig { Proxy = "sip:10.0.0.1" };
        config.Trunks["b"] = new TrunkConfig { Proxy = "sip:10.0.0.2" };

        var result = Plan(config).Resolve(to, trunk, callerId);

        Assert.Null(result.Target);
        Assert.Equal(field, result.Field);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void A_number_with_no_trunk_configured_says_so()
    {
        var result = Plan(new ApplianceConfig()).Resolve("+15551234567", null, null);

        Assert.Equal("trunk", result.Field);
        Assert.Contains("none is configured", result.Error, StringComparison.Ordinal);
    }
}
