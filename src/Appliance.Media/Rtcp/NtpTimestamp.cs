namespace Appliance.Media.Rtcp;

/// <summary>64-bit NTP timestamps (seconds since 1900 + 32-bit fraction) as used by SR, and the RTT computation of RFC 3550 §6.4.1.</summary>
public static class NtpTimestamp
{
    private const long UnixEpochOffsetSeconds = 2_208_988_800;

    /// <summary>Converts a wall-clock time to NTP format.</summary>
    public static ulong FromDateTime(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        ulong seconds = (ulong)((ticks / TimeSpan.TicksPerSecond) + UnixEpochOffsetSeconds);
        ulong fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits (16.16 fixed point seconds), the form LSR and RTT arithmetic use.</summary>
    public static uint Middle32(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>Converts a duration to units of 1/65536 s (DLSR).</summary>
    public static uint ToShortUnits(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 0 : (uint)Math.Min(uint.MaxValue, duration.Ticks * 65536 / TimeSpan.TicksPerSecond);

    /// <summary>
    /// Round-trip time from a report block about our stream received at <paramref name="arrivalNtp"/>:
    /// A − LSR − DLSR. Null when the peer has not received an SR from us yet (LSR = 0) or the result is negative.
    /// </summary>
    public static TimeSpan? RoundTripTime(ulong arrivalNtp, in ReportBlock block)
    {
        if (block.LastSenderReport == 0)
        {
            return null;
        }

        int units = (int)(Middle32(arrivalNtp) - block.LastSenderReport - block.DelaySinceLastSenderReport);
        return units < 0 ? null : TimeSpan.FromTicks(units * TimeSpan.TicksPerSecond / 65536);
    }
}
