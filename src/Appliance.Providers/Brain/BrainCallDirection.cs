namespace Appliance.Providers.Brain;

/// <summary>Who placed the call, as told to the brain ("inbound" or "outbound").</summary>
public enum BrainCallDirection
{
    /// <summary>The appliance answered the call.</summary>
    Inbound,

    /// <summary>The appliance placed the call.</summary>
    Outbound,
}
