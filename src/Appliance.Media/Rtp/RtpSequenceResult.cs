namespace Appliance.Media.Rtp;

/// <summary>What <see cref="RtpSequenceTracker.Update"/> concluded about one packet (RFC 3550 Appendix A.1).</summary>
public enum RtpSequenceResult
{
    /// <summary>In sequence, a small gap, or a late/duplicate packet: counted and usable.</summary>
    Valid,

    /// <summary>The source is not validated yet (fewer than the minimum sequential packets seen); not counted.</summary>
    Probation,

    /// <summary>A jump too large to be loss or reordering; dropped unless the next packet confirms the new numbering.</summary>
    Jump,

    /// <summary>The packet after a <see cref="Jump"/> was sequential: the sender restarted, statistics were reset; usable.</summary>
    Resynchronized,
}
