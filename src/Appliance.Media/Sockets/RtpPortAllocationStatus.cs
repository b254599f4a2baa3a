namespace Appliance.Media.Sockets;

/// <summary>Outcome of <see cref="RtpPortAllocator.Allocate"/>.</summary>
public enum RtpPortAllocationStatus
{
    /// <summary>A port pair was bound; <see cref="RtpPortAllocation.Ports"/> is set.</summary>
    Allocated,

    /// <summary>Every pair in the range is in use by us or by another process: the SIP layer answers 503.</summary>
    Exhausted,
}
