namespace Appliance.Media.Session;

/// <summary>What <see cref="RtpLatch.Check"/> decided for a packet's source.</summary>
public enum RtpLatchResult
{
    /// <summary>From the latched source: process it.</summary>
    Accepted,

    /// <summary>The source was just latched (first packet, after a reset, or a qualified re-latch): process it; replies go there now.</summary>
    Latched,

    /// <summary>From another source: drop it and count it.</summary>
    Foreign,
}
