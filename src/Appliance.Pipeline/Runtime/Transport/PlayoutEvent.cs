namespace Appliance.Pipeline.Runtime.Transport;

/// <summary>A change in whether the bot is audibly speaking, detected by one playout read.</summary>
internal enum PlayoutEvent
{
    /// <summary>No change.</summary>
    None,

    /// <summary>Bot audio started playing after silence.</summary>
    Started,

    /// <summary>The queue ran dry long enough, or was cleared by an interruption.</summary>
    Stopped,
}
