namespace Appliance.Media.Dtmf;

/// <summary>
/// Plans the RFC 4733 packets for one key press: the first with M set, an update every <c>interval</c> with the
/// duration so far, then the final duration with E set sent three times (§2.5.1.4). The caller stamps them with the
/// event's start timestamp and consecutive sequence numbers of the audio stream. Cold path: one small list per press.
/// </summary>
public static class TelephoneEventSender
{
    /// <summary>Creates the packets for <paramref name="symbol"/> held for <paramref name="duration"/>.</summary>
    /// <param name="symbol">0–9, *, #, A–D.</param>
    /// <param name="duration">Tone duration; RFC 4733 events above 0xFFFF units need segments, which is far beyond a key press, so it is capped.</param>
    /// <param name="clockRate">RTP clock rate of the telephone-event format (8000 alongside PCMU/PCMA/G.722).</param>
    /// <param name="interval">Update interval; 50 ms per RFC 2833, or the audio ptime (20 ms) as most stacks do.</param>
    /// <param name="volume">Level in −dBm0 (0..63); 10 is typical.</param>
    public static IReadOnlyList<DtmfPacket> CreatePackets(char symbol, TimeSpan duration, int clockRate, TimeSpan interval, byte volume = 10)
    {
        if (!DtmfSymbols.TryGetEvent(symbol, out byte eventCode))
        {
            throw new ArgumentException($"'{symbol}' is not a DTMF symbol.", nameof(symbol));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, interval);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, (byte)63);

        var packets = new List<DtmfPacket>();
        ushort total = Units(duration, clockRate);
        for (TimeSpan elapsed = interval; elapsed < duration; elapsed += interval)
        {
            packets.Add(new DtmfPacket(new TelephoneEvent(eventCode, false, volume, Units(elapsed, clockRate)), packets.Count == 0, elapsed));
        }

        for (int i = 0; i < 3; i++)
        {
            packets.Add(new DtmfPacket(new TelephoneEvent(eventCode, true, volume, total), packets.Count == 0, duration + (interval * i)));
        }

        return packets;
    }

    private static ushort Units(TimeSpan time, int clockRate) => (ushort)Math.Min(ushort.MaxValue, time.Ticks * clockRate / TimeSpan.TicksPerSecond);
}
