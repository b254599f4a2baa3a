namespace Appliance.Calls;

/// <summary>How a call turned out, as a dialler reports it.</summary>
public enum CallDisposition
{
    /// <summary>Answered (whatever happened afterwards).</summary>
    Answered,

    /// <summary>486 Busy Here or 600 Busy Everywhere.</summary>
    Busy,

    /// <summary>Rang without an answer: our ring timeout, 408 or 480 from the far end.</summary>
    NoAnswer,

    /// <summary>Refused by the far end or the network (403, 404, 603, 488, …).</summary>
    Rejected,

    /// <summary>Never got through: no response, a 5xx, or an unusable answer.</summary>
    Failed,

    /// <summary>Hung up by our side (or, inbound, by the caller) before it was answered.</summary>
    Cancelled,
}
