namespace Appliance.Calls;

/// <summary>Why an outbound call could not even be attempted.</summary>
public enum DialRefusal
{
    None,

    /// <summary>The appliance is draining for shutdown.</summary>
    Draining,

    /// <summary>The maximum number of concurrent calls is reached.</summary>
    AtCapacity,

    /// <summary>Every RTP port pair is in use.</summary>
    NoMediaPorts,

    /// <summary>The next hop's host does not resolve, or this host has no route to it.</summary>
    Unreachable,

    /// <summary>The SIP stack is not running (starting up or stopped).</summary>
    NotRunning,
}
