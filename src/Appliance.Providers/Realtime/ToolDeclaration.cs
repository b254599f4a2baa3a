using System.Text.Json;

namespace Appliance.Providers.Realtime;

/// <summary>A function offered to the model, its JSON schema parsed once.</summary>
internal sealed record ToolDeclaration(string Name, string Description, JsonElement Parameters)
{
    /// <summary>Built-in: the model ends the call after its goodbye.</summary>
    public const string EndCall = "end_call";

    /// <summary>Built-in: the model transfers the caller.</summary>
    public const string TransferCall = "transfer_call";

    /// <summary>
    /// <paramref name="tools"/> (the configured ones, or the brain's for the current node) plus the enabled built-ins;
    /// a tool named like an enabled built-in is left out, since the agent handles that name itself.
    /// </summary>
    /// <exception cref="ArgumentException">A tool's parameters are not valid JSON.</exception>
    public static IReadOnlyList<ToolDeclaration> Build(IReadOnlyList<RealtimeToolOptions> tools, RealtimeAgentOptions options, bool canTransfer)
    {
        bool transfer = canTransfer && options.EnableTransfer;
        var declarations = new List<ToolDeclaration>();
        foreach (RealtimeToolOptions tool in tools)
        {
            if ((tool.Name == EndCall && options.EnableEndCall) || (tool.Name == TransferCall && transfer))
            {
                continue;
            }

            declarations.Add(new ToolDeclaration(tool.Name, tool.Description, Parse(tool.Parameters, tool.Name)));
        }

        if (options.EnableEndCall)
        {
            declarations.Add(new ToolDeclaration(
                EndCall,
                "End the phone call. Say goodbye first; the call hangs up once your goodbye has been heard.",
                Parse("""{"type":"object","properties":{"reason":{"type":"string","description":"Why the call ends."}}}""", EndCall)));
        }

        if (transfer)
        {
            declarations.Add(new ToolDeclaration(
                TransferCall,
                "Transfer the caller to another number or department. Tell the caller before transferring.",
                Parse("""{"type":"object","properties":{"target":{"type":"string","description":"Where to transfer the caller."},"reason":{"type":"string"}},"required":["target"]}""", TransferCall)));
        }

        return declarations;
    }

    private static JsonElement Parse(string schema, string tool)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(schema);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Tool '{tool}' has invalid JSON schema parameters: {ex.Message}", nameof(schema), ex);
        }
    }
}
