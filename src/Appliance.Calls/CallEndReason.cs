namespace Appliance.Calls;

/// <summary>Why a call ended: who hung up, or what stopped it. Its name is the agent's <c>CallOutcome.Reason</c>.</summary>
public enum CallEndReason
{
    /// <summary>The other party sent BYE.</summary>
    RemoteHangup,

    /// <summary>Hung up through the call API (or the appliance's own CLI).</summary>
    LocalHangup,

    /// <summary>The agent asked to hang up.</summary>
    AgentHangup,

    /// <summary>The agent's pipeline finished on its own (ended, idle timeout, fatal error).</summary>
    PipelineEnded,

    /// <summary>No RTP arrived within the media timeout.</summary>
    MediaTimeout,

    /// <summary>Blind-transferred elsewhere; our leg was then hung up.</summary>
    Transferred,

    /// <summary>The appliance was shutting down (drain grace period over).</summary>
    Shutdown,

    /// <summary>Setting up media or the agent failed.</summary>
    SetupFailed,

    /// <summary>Ended before answer: CANCEL from the caller, or our own hang-up while it rang.</summary>
    Cancelled,

    /// <summary>Rang out: our ring timeout ended the attempt.</summary>
    NoAnswer,

    /// <summary>Inbound: refused with a final error response.</summary>
    Rejected,

    /// <summary>Outbound: a final error response, or an answer we could not use.</summary>
    Failed,

    /// <summary>A request went unanswered (no response to the INVITE, a transport failure).</summary>
    Timeout,

    /// <summary>The RFC 4028 session timer ran out without a refresh.</summary>
    SessionExpired,

    /// <summary>Our 2xx was never ACKed.</summary>
    NoAck,
}
