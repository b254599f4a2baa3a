using Appliance.Admin;
using Appliance.Calls;
using Appliance.Telephony;
using Appliance.Configuration;
using Appliance.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace Appliance.Hosting;

/// <summary>Composes the running appliance from a validated configuration.</summary>
internal static class ApplianceHost
{
    public static WebApplication Build(ApplianceConfig config, ResolvedSecrets secrets)
    {
        // The empty builder reads no appsettings.json or ASPNETCORE_ variables: configuration is ours alone.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        var time = TimeProvider.System;

        LoggingSetup.Configure(builder.Logging, config.Log, time);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            AdminEndpointParser.TryParse(config.Admin.Listen, out var endpoint);
            kestrel.Listen(endpoint);
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddRoutingCore();

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(config);
        services.AddSingleton(config.Shutdown);
        services.AddSingleton(secrets);
        services.AddSingleton<LifecycleState>();
        services.AddSingleton(_ => new ApplianceMetrics(BuildInfo.Version, BuildInfo.Commit));
        services.Configure<HostOptions>(host =>
        {
            // Leave room past the drain grace period for hang-ups and unregistrations to go out.
            host.ShutdownTimeout = TimeSpan.FromSeconds(config.Shutdown.DrainTimeoutSeconds + 10);
        });
        AddSystemd(services);
        services.AddHostedService<DrainService>();
        services.AddSingleton(new CallAdmission(config.Sip.MaxConcurrentCalls));
        services.AddSingleton<CallMetrics>();
        services.AddSingleton<TrunkRegistrations>();
        services.AddSingleton(_ => new Appliance.Providers.Realtime.ProviderMetrics());
        services.AddSingleton(_ => new Appliance.Providers.Brain.BrainMetrics());
        services.AddSingleton<AgentCatalog>();
        services.AddSingleton<TrunkAddresses>();
        services.AddSingleton<TelephonyService>();
        services.AddSingleton<IDrainParticipant>(sp => sp.GetRequiredService<TelephonyService>());
        services.AddHostedService(sp => sp.GetRequiredService<TelephonyService>());
        services.AddSingleton(CallsApi.Create);

        var app = builder.Build();
        AdminEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// Under systemd (Type=notify sets NOTIFY_SOCKET) send READY=1, STOPPING=1 and watchdog pings.
    /// UseSystemd() alone activates only when the parent is systemd itself; keying on
    /// NOTIFY_SOCKET also covers process supervisors and tests that speak the same protocol.
    /// Otherwise the default console lifetime handles SIGTERM and SIGINT.
    /// </summary>
    private static void AddSystemd(IServiceCollection services)
    {
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
            services.AddHostedService<SystemdWatchdog>();
        }
    }
}
