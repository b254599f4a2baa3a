using Appliance.Hosting;
using Appliance.Telemetry;

namespace Appliance.Admin;

/// <summary>The operational HTTP surface: liveness, readiness and Prometheus metrics.</summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (LifecycleState state) => state.Phase switch
        {
            LifecyclePhase.Ready => Results.Text("ready\n"),
            LifecyclePhase.Draining => Results.Text("draining\n", statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => Results.Text("starting\n", statusCode: StatusCodes.Status503ServiceUnavailable),
        });
        app.MapGet("/metrics", async (HttpContext context, ApplianceMetrics metrics) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
    }
}
