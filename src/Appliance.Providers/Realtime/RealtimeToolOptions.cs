namespace Appliance.Providers.Realtime;

/// <summary>A function the model may call; <see cref="IToolHandler"/> runs it.</summary>
public sealed record RealtimeToolOptions
{
    /// <summary>Function name the model calls.</summary>
    public required string Name { get; init; }

    /// <summary>What the function does, for the model.</summary>
    public string Description { get; init; } = "";

    /// <summary>JSON schema of the arguments object, as JSON text.</summary>
    public string Parameters { get; init; } = """{"type":"object","properties":{}}""";
}
