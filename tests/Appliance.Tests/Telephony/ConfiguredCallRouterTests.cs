using System.Diagnostics.Metrics;
using System.Net;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Pipeline.Agents;
using Appliance.Telephony;

namespace Appliance.Tests.Telephony;

public sealed class ConfiguredCallRouterTests
{
    private static CallRoute Route(string registrar, string source)
    {
        var config = new ApplianceConfig { DefaultAgent = "echo" };
        config.Trunks["kam"] = new TrunkConfig { Registrar = registrar, Username = "alice" };
        using var meter = new Meter("Appliance.Test.Router");
        var router = new ConfiguredCallRouter(config, new AgentCatalog(config), meter);
        return router.Route(new IncomingCallInfo("c1", "sipp", "alice", "alice", new IPEndPoint(IPAddress.Parse(source), 5060), []));
    }

    [Fact]
    public void Invite_from_the_registrar_ip_literal_is_the_trunk_call()
    {
        var route = Route("sip:127.0.0.1:5080", "127.0.0.1");
        Assert.Equal(0, route.RejectStatus);
        Assert.Equal("kam", route.Trunk);
    }

    [Fact]
    public void Invite_from_the_registrar_over_ipv4_mapped_ipv6_is_the_trunk_call() =>
        Assert.Equal("kam", Route("sip:127.0.0.1:5080", "::ffff:127.0.0.1").Trunk);

    [Fact]
    public void Invite_from_elsewhere_is_forbidden() => Assert.Equal(403, Route("sip:127.0.0.1:5080", "192.0.2.7").RejectStatus);
}
