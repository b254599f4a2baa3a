using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Telephony;

namespace Appliance.Admin;

/// <summary>
/// Turns a POST /v1/calls body into a call to place: checks the custom headers and variables, resolves the number or
/// URI through the dial plan and the agent through the router, or names the field at fault.
/// </summary>
internal sealed class CallPlanner(ApplianceConfig config, DialPlan dialPlan, Func<string, string?, CallRoute> routeToAgent)
{
    private const int MaxHeaders = 32;
    private const int MaxHeaderNameLength = 64;
    private const int MaxHeaderValueLength = 1024;
    private const int MaxVariables = 64;
    private const int MaxVariableNameLength = 64;
    private const int MaxVariableValueLength = 4096;

    public CallPlan Plan(CallRequest body)
    {
        if (CheckHeaders(body.Headers) is { } headerError)
        {
            return CallPlan.Invalid(headerError);
        }
        if (CheckVariables(body.Variables) is { } variableError)
        {
            return CallPlan.Invalid(variableError);
        }
        var dial = dialPlan.Resolve(body.To, body.Trunk, body.CallerId);
        if (dial.Target is null)
        {
            return CallPlan.Invalid(new ApiError(dial.Error!, dial.Field));
        }
        var agentName = body.Agent ?? config.DefaultAgent;
        var route = routeToAgent(agentName, dial.Trunk);
        if (route.Agent is null)
        {
            return CallPlan.Invalid(new ApiError($"no agent named '{agentName}' is available", "agent"));
        }
        return CallPlan.Valid(new OutboundCallRequest
        {
            Target = dial.Target with { Headers = body.Headers is { } headers ? [.. headers] : [] },
            Route = route,
            To = body.To!,
            Variables = body.Variables ?? [],
        });
    }

    /// <summary>X- headers only, RFC 3261 tokens for names, no line breaks or other controls in values.</summary>
    private static ApiError? CheckHeaders(Dictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return null;
        }
        if (headers.Count > MaxHeaders)
        {
            return new ApiError($"at most {MaxHeaders} custom headers", "headers");
        }
        foreach (var (name, value) in headers)
        {
            if (!name.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || name.Length is < 3 or > MaxHeaderNameLength || !IsToken(name))
            {
                return new ApiError($"header name '{name}' must start with X- and be a SIP token of at most {MaxHeaderNameLength} characters", "headers");
            }
            if (value is null || value.Length > MaxHeaderValueLength || value.Any(c => char.IsControl(c) && c != '\t'))
            {
                return new ApiError($"header {name}: the value must be at most {MaxHeaderValueLength} characters without line breaks or control characters", $"headers.{name}");
            }
        }
        return null;
    }

    private static ApiError? CheckVariables(Dictionary<string, string>? variables)
    {
        if (variables is null)
        {
            return null;
        }
        if (variables.Count > MaxVariables)
        {
            return new ApiError($"at most {MaxVariables} variables", "variables");
        }
        foreach (var (name, value) in variables)
        {
            if (name.Length is 0 or > MaxVariableNameLength)
            {
                return new ApiError($"a variable name is 1–{MaxVariableNameLength} characters", "variables");
            }
            if (value is null || value.Length > MaxVariableValueLength)
            {
                return new ApiError($"variable {name}: the value must be a string of at most {MaxVariableValueLength} characters", $"variables.{name}");
            }
        }
        return null;
    }

    /// <summary>RFC 3261 §25.1 token: alphanumerics and - . ! % * _ + ` ' ~</summary>
    private static bool IsToken(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~'))
            {
                return false;
            }
        }
        return true;
    }
}
