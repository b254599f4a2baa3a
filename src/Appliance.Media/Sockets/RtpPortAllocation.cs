using System.Diagnostics.CodeAnalysis;

namespace Appliance.Media.Sockets;

/// <summary>Result of <see cref="RtpPortAllocator.Allocate"/>: either bound ports or the reason there are none.</summary>
public readonly record struct RtpPortAllocation(RtpPortAllocationStatus Status, RtpPortPair? Ports)
{
    [MemberNotNullWhen(true, nameof(Ports))]
    public bool Success => Status == RtpPortAllocationStatus.Allocated;
}
