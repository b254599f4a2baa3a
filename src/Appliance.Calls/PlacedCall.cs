namespace Appliance.Calls;

/// <summary>
/// An outbound call's moving parts while the manager drives it: the leg, its record, and the agent's call once answered.
/// The answer and the end race (a BYE can follow the 200 at once); <see cref="Sync"/> settles which came first.
/// </summary>
internal sealed class PlacedCall(OutboundCallRequest request, CallRecord record)
{
    public Lock Sync { get; } = new();

    public OutboundCallRequest Request => request;

    public CallRecord Record => record;

    public OutboundLeg Leg { get; set; } = null!;

    /// <summary>The agent's call, once answered and set up.</summary>
    public ActiveCall? Call { get; set; }

    public ITimer? RingTimer { get; set; }

    /// <summary>Why we abandoned the call before it was answered (our cancel, the ring timeout, shutdown).</summary>
    public CallEndReason? LocalReason { get; set; }

    /// <summary>Set when the SIP call has ended: nothing may be set up for it any more.</summary>
    public bool Finished { get; set; }
}
