using System.Net;
using System.Net.Http.Headers;
using Appliance.Admin;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Pipeline.Agents;
using Appliance.Telephony;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Tests.Admin;

/// <summary>The call API on Kestrel at 127.0.0.1 (an ephemeral port) in-process, over a <see cref="FakeCallControl"/>.</summary>
internal sealed class CallsApiHost : IAsyncDisposable
{
    public const string Token = "s3cret-token";

    private readonly WebApplication _app;

    private CallsApiHost(WebApplication app, HttpClient http, FakeCallControl calls)
    {
        _app = app;
        Http = http;
        Calls = calls;
    }

    public HttpClient Http { get; }

    public FakeCallControl Calls { get; }

    /// <summary>Two trunks ("carrier" with a password, "pbx" over TCP) unless <paramref name="config"/> says otherwise; the echo and parrot agents.</summary>
    public static async Task<CallsApiHost> StartAsync(string? token = Token, ApplianceConfig? config = null)
    {
        config ??= TwoTrunks();
        var secrets = ResolvedSecrets.Resolve(config, []);
        var agents = AgentRegistry.CreateDefault();
        var planner = new CallPlanner(config, new DialPlan(config, secrets), (agent, trunk) =>
            agents.TryGet(agent, out var definition) ? CallRoute.ToAgent(definition, TimeSpan.Zero, trunk) : CallRoute.Reject(500, "no such agent"));
        var calls = new FakeCallControl();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(new CallsApi(new BearerToken(token), planner, () => calls, TimeProvider.System));
        var app = builder.Build();
        CallsApi.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return new CallsApiHost(app, http, calls);
    }

    public static ApplianceConfig TwoTrunks()
    {
        var config = new ApplianceConfig();
        config.Trunks["carrier"] = new TrunkConfig
        {
            Registrar = "sip:sip.carrier.example",
            Proxy = "sip:10.0.0.1:5070",
            Username = "alice",
            CallerId = "+15550001111",
            Password = new SecretConfig { Value = "pw" },
        };
        config.Trunks["pbx"] = new TrunkConfig { Proxy = "sip:10.0.0.2", Transport = "tcp" };
        return config;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
