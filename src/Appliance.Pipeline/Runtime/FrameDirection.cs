namespace Appliance.Pipeline.Runtime;

/// <summary>Which way a frame travels: downstream from the caller towards the speaker, upstream back.</summary>
public enum FrameDirection
{
    /// <summary>From the input transport towards the output transport.</summary>
    Downstream,

    /// <summary>From the output transport back towards the input (errors, bot-speaking events).</summary>
    Upstream,
}
