using System.Diagnostics.Metrics;
using System.Net;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Pipeline.Agents;
using Appliance.Telephony;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Tests.Telephony;

public sealed class ConfiguredCallRouterTests
{
    private static CallRoute Route(string registrar, string source, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        var config = new ApplianceConfig { DefaultAgent = "echo" };
        config.Trunks["kam"] = new TrunkConfig { Registrar = registrar, Username = "alice" };
        using var meter = new Meter("Appliance.Test.Router");
        var trunks = new TrunkAddresses(config, TimeProvider.System, NullLogger<TrunkAddresses>.Instance, resolve);
        trunks.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        var router = new ConfiguredCallRouter(config, new AgentCatalog(config, new ResolvedSecrets(), new Appliance.Providers.Realtime.ProviderMetrics(), new Appliance.Providers.Brain.BrainMetrics(), NullLoggerFactory.Instance, TimeProvider.System), trunks, meter);
        return router.Route(new IncomingCallInfo("c1", "sipp", "alice", "alice", new IPEndPoint(IPAddress.Parse(source), 5060), []));
    }

    private static Task<IPAddress[]> SbcAt(string host, CancellationToken cancellationToken) =>
        Task.FromResult(host == "sbc.carrier.example" ? new[] { IPAddress.Parse("198.51.100.7"), IPAddress.Parse("2001:db8::7") } : throw new System.Net.Sockets.SocketException(11001));

    [Fact]
    public void Invite_from_an_address_of_the_registrar_host_name_is_the_trunk_call()
    {
        Assert.Equal("kam", Route("sip:sbc.carrier.example:5060", "198.51.100.7", SbcAt).Trunk);
        Assert.Equal("kam", Route("sip:sbc.carrier.example:5060", "2001:db8::7", SbcAt).Trunk);
        Assert.Equal(403, Route("sip:sbc.carrier.example:5060", "198.51.100.8", SbcAt).RejectStatus);
    }

    [Fact]
    public void An_unresolvable_registrar_recognises_nobody_and_the_appliance_stays_closed() =>
        Assert.Equal(403, Route("sip:nxdomain.carrier.example", "198.51.100.7", SbcAt).RejectStatus);

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
