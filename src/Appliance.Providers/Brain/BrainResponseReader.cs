using System.Text.Json;
using System.Text.Unicode;
using Appliance.Providers.Brain.Wire;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Brain;

/// <summary>Parses and validates brain responses; anything malformed yields false and a reason, never an exception.</summary>
internal static class BrainResponseReader
{
    private const string DtmfDigits = "0123456789*#ABCD";

    /// <summary>A <c>/session</c> response: a system prompt is required; a missing node id or variables start empty.</summary>
    public static bool TryReadSession(ReadOnlySpan<byte> body, JsonElement emptyVariables, out BrainSession session, out string reason)
    {
        session = null!;
        BrainSessionResponse? response;
        if (!Utf8.IsValid(body))
        {
            // The JSON reader leaves string contents unchecked; raw text of a bad string would throw later.
            reason = "not UTF-8";
            return false;
        }

        try
        {
            response = JsonSerializer.Deserialize(body, BrainJsonContext.Default.BrainSessionResponse);
        }
        catch (JsonException ex)
        {
            reason = "invalid JSON: " + ex.Message;
            return false;
        }

        if (response is null || string.IsNullOrEmpty(response.SystemPrompt))
        {
            reason = "no system_prompt";
            return false;
        }

        if (!TryReadTools(response.Tools, out IReadOnlyList<RealtimeToolOptions>? tools, out reason)
            || !TryReadVariables(response.CollectedVars, emptyVariables, out JsonElement variables, out reason))
        {
            return false;
        }

        session = new BrainSession
        {
            SystemPrompt = response.SystemPrompt,
            Tools = tools ?? [],
            NodeId = response.NodeId ?? "",
            CollectedVariables = variables,
            Say = NullIfEmpty(response.Say),
        };
        return true;
    }

    /// <summary>A <c>/tool-call</c> response; a missing node id or variables keep the current ones.</summary>
    public static bool TryReadDecision(ReadOnlySpan<byte> body, string nodeId, JsonElement variables, out BrainDecision decision, out string reason)
    {
        decision = null!;
        BrainToolCallResponse? response;
        if (!Utf8.IsValid(body))
        {
            // The JSON reader leaves string contents unchecked; raw text of a bad string would throw later.
            reason = "not UTF-8";
            return false;
        }

        try
        {
            response = JsonSerializer.Deserialize(body, BrainJsonContext.Default.BrainToolCallResponse);
        }
        catch (JsonException ex)
        {
            reason = "invalid JSON: " + ex.Message;
            return false;
        }

        if (response is null)
        {
            reason = "null response";
            return false;
        }

        if (!TryParseAction(response.Action, out BrainAction action))
        {
            reason = $"unknown action '{response.Action}'";
            return false;
        }

        if (action == BrainAction.Transfer && string.IsNullOrEmpty(response.TransferTo))
        {
            reason = "transfer without transfer_to";
            return false;
        }

        if (response.Dtmf is { Length: > 0 } dtmf && dtmf.AsSpan().IndexOfAnyExcept(DtmfDigits) >= 0)
        {
            reason = "dtmf may only hold 0-9, *, # and A-D";
            return false;
        }

        if (!TryReadTools(response.Tools, out IReadOnlyList<RealtimeToolOptions>? tools, out reason)
            || !TryReadVariables(response.CollectedVars, variables, out JsonElement collected, out reason))
        {
            return false;
        }

        decision = new BrainDecision
        {
            Action = action,
            NodeId = string.IsNullOrEmpty(response.NodeId) ? nodeId : response.NodeId,
            CollectedVariables = collected,
            ResultJson = response.Result is { ValueKind: not JsonValueKind.Null } result ? result.GetRawText() : """{"ok":true}""",
            SystemPrompt = NullIfEmpty(response.SystemPrompt),
            Tools = tools,
            Say = NullIfEmpty(response.Say),
            Finished = response.Finished,
            TransferTo = action == BrainAction.Transfer ? response.TransferTo : null,
            Dtmf = NullIfEmpty(response.Dtmf),
        };
        return true;
    }

    private static bool TryParseAction(string? value, out BrainAction action)
    {
        switch (value)
        {
            case "stay":
                action = BrainAction.Stay;
                return true;
            case "transition":
                action = BrainAction.Transition;
                return true;
            case "end":
                action = BrainAction.End;
                return true;
            case "transfer":
                action = BrainAction.Transfer;
                return true;
            default:
                action = default;
                return false;
        }
    }

    private static bool TryReadTools(List<BrainToolPayload>? payload, out IReadOnlyList<RealtimeToolOptions>? tools, out string reason)
    {
        tools = null;
        reason = "";
        if (payload is null)
        {
            return true;
        }

        var list = new List<RealtimeToolOptions>(payload.Count);
        foreach (BrainToolPayload tool in payload)
        {
            if (string.IsNullOrEmpty(tool.Name))
            {
                reason = "a tool has no name";
                return false;
            }

            if (tool.Parameters is { } parameters && parameters.ValueKind != JsonValueKind.Object)
            {
                reason = $"tool '{tool.Name}' parameters is not a JSON schema object";
                return false;
            }

            list.Add(tool.Parameters is { } schema
                ? new RealtimeToolOptions { Name = tool.Name, Description = tool.Description ?? "", Parameters = schema.GetRawText() }
                : new RealtimeToolOptions { Name = tool.Name, Description = tool.Description ?? "" });
        }

        tools = list;
        return true;
    }

    private static bool TryReadVariables(JsonElement? value, JsonElement current, out JsonElement variables, out string reason)
    {
        reason = "";
        variables = current;
        if (value is not { ValueKind: not JsonValueKind.Null } element)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            reason = "collected_vars is not an object";
            return false;
        }

        variables = element;
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
