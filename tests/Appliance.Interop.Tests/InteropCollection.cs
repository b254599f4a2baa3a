namespace Appliance.Interop.Tests;

/// <summary>
/// Interop tests start real processes that bind ports and send real-time media; they run one
/// at a time so that timing-sensitive peers (SIPp retransmission timers, baresip audio) are not
/// starved on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InteropCollection
{
    public const string Name = "Interop";
}
