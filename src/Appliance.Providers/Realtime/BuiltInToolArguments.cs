namespace Appliance.Providers.Realtime;

/// <summary>Arguments of the built-in <c>end_call</c> and <c>transfer_call</c> tools.</summary>
internal sealed class BuiltInToolArguments
{
    public string? Target { get; init; }

    public string? Reason { get; init; }
}
