using System.Text.Json;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Telephony;
using Microsoft.AspNetCore.Http.Features;

namespace Appliance.Admin;

/// <summary>
/// The call API: POST /v1/calls places a call, GET /v1/calls lists live and recent calls, GET /v1/calls/{id} reads one,
/// DELETE /v1/calls/{id} hangs one up. Every route needs the bearer token (see <see cref="BearerToken"/>); every error is
/// JSON <c>{"error": "...", "field": "..."}</c>.
/// </summary>
internal sealed class CallsApi(BearerToken token, CallPlanner planner, Func<ICallControl?> calls, TimeProvider time)
{
    /// <summary>A call request is a few hundred bytes; anything near this is not one.</summary>
    private const long MaxBodyBytes = 64 * 1024;

    /// <summary>The API as the running appliance composes it.</summary>
    public static CallsApi Create(IServiceProvider services)
    {
        var config = services.GetRequiredService<ApplianceConfig>();
        var secrets = services.GetRequiredService<ResolvedSecrets>();
        var telephony = services.GetRequiredService<TelephonyService>();
        var planner = new CallPlanner(config, new DialPlan(config, secrets), (agent, trunk) =>
            telephony.Router?.ToAgent(agent, trunk) ?? CallRoute.Reject(503, "not started"));
        return new CallsApi(new BearerToken(secrets.AdminToken), planner, () => telephony.Calls, services.GetRequiredService<TimeProvider>());
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/calls");
        group.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<CallsApi>().Authorize(context.HttpContext) ?? await next(context).ConfigureAwait(false));
        group.MapPost("", static (HttpContext http, CallsApi api) => api.CreateAsync(http));
        group.MapGet("", static (CallsApi api) => api.List());
        group.MapGet("/{id}", static (string id, CallsApi api) => api.Get(id));
        group.MapDelete("/{id}", static (string id, CallsApi api, CancellationToken cancellationToken) => api.DeleteAsync(id, cancellationToken));
    }

    private IResult? Authorize(HttpContext http)
    {
        switch (token.Check(http))
        {
            case BearerRefusal.None:
                return null;
            case BearerRefusal.NotLoopback:
                return Error(StatusCodes.Status403Forbidden, "the call API is only open to loopback clients while admin:token is unset");
            case BearerRefusal.Invalid:
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"appliance\", error=\"invalid_token\"";
                return Error(StatusCodes.Status401Unauthorized, "the bearer token is not valid");
            default:
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"appliance\"";
                return Error(StatusCodes.Status401Unauthorized, "an Authorization: Bearer token is required");
        }
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, "the body must be JSON (Content-Type: application/json)");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        CallRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync(CallsJsonContext.Api.CallRequest, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return Error(StatusCodes.Status400BadRequest, "malformed JSON: " + ex.Message, FieldOf(ex.Path));
        }
        catch (BadHttpRequestException ex)
        {
            return Error(ex.StatusCode, "unreadable body: " + ex.Message);
        }
        if (body is null)
        {
            return Error(StatusCodes.Status400BadRequest, "the body must be a JSON object");
        }

        if (calls() is not { } control)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "the appliance is not running yet");
        }
        var plan = planner.Plan(body);
        if (plan.Error is { } invalid)
        {
            return Results.Json(invalid, CallsJsonContext.Api.ApiError, statusCode: StatusCodes.Status400BadRequest);
        }

        var result = control.Originate(plan.Request!);
        if (result.Call is not { } call)
        {
            return Refused(http, result.Refusal, plan.Request!);
        }
        http.Response.Headers.Location = "/v1/calls/" + Uri.EscapeDataString(call.Id);
        return Results.Json(new CallResource(call, time.GetUtcNow()), CallsJsonContext.Api.CallResource, statusCode: StatusCodes.Status201Created);
    }

    private IResult List()
    {
        if (calls() is not { } control)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "the appliance is not running yet");
        }
        var now = time.GetUtcNow();
        return Results.Json(new CallList([.. control.List().Select(s => new CallResource(s, now))]), CallsJsonContext.Api.CallList);
    }

    private IResult Get(string id) =>
        calls()?.Find(id) is { } status
            ? Results.Json(new CallResource(status, time.GetUtcNow()), CallsJsonContext.Api.CallResource)
            : Error(StatusCodes.Status404NotFound, $"no call with id '{id}'", "id");

    /// <summary>Hangs up (BYE, or CANCEL while it rings) and answers with the call's status once torn down; an ended call is left as it is.</summary>
    private async Task<IResult> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (calls() is not { } control || await control.HangupAsync(id, cancellationToken).ConfigureAwait(false) is not { } status)
        {
            return Error(StatusCodes.Status404NotFound, $"no call with id '{id}'", "id");
        }
        return Results.Json(new CallResource(status, time.GetUtcNow()), CallsJsonContext.Api.CallResource);
    }

    private static IResult Refused(HttpContext http, DialRefusal refusal, OutboundCallRequest request)
    {
        if (refusal == DialRefusal.Unreachable)
        {
            return Error(StatusCodes.Status502BadGateway, $"cannot reach {request.Target.NextHop}: its host does not resolve or has no route", request.Route.Trunk is null ? "to" : "trunk");
        }
        http.Response.Headers.RetryAfter = "5";
        return Error(StatusCodes.Status503ServiceUnavailable, refusal switch
        {
            DialRefusal.Draining => "the appliance is draining for shutdown and places no new calls",
            DialRefusal.AtCapacity => "at capacity: the maximum number of concurrent calls is reached",
            DialRefusal.NoMediaPorts => "no RTP ports are free",
            _ => "the SIP stack is not running",
        });
    }

    private static IResult Error(int status, string message, string? field = null) =>
        Results.Json(new ApiError(message, field), CallsJsonContext.Api.ApiError, statusCode: status);

    /// <summary>"$.headers.X-Foo" → "headers.X-Foo"; null for the whole document.</summary>
    private static string? FieldOf(string? path) =>
        path is null || path.Length <= 2 ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
