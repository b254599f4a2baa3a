using Appliance.Hosting;
using Appliance.Telemetry;
using Appliance.Telephony;

namespace Appliance.Admin;

/// <summary>The operational HTTP surface: liveness, readiness, Prometheus metrics and the call API.</summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (LifecycleState state, TrunkRegistrations trunks) =>
        {
            var phase = state.Phase;
            // Trunk detail informs; only the lifecycle decides readiness (a registrar outage must not pull us out of rotation).
            return Results.Json(
                ReadinessReport.From(phase, trunks.Registrations),
                AdminJsonContext.Default.ReadinessReport,
                statusCode: phase == LifecyclePhase.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", async (HttpContext context, ApplianceMetrics metrics) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        CallsApi.Map(app);
    }
}
