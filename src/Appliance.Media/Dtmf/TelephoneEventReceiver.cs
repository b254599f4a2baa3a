using Appliance.Media.Rtp;

namespace Appliance.Media.Dtmf;

/// <summary>
/// Turns received RFC 4733 packets into one <see cref="DtmfDigit"/> per key press. An event is identified by
/// (SSRC, RTP timestamp, event code) — never by sequence numbers or by counting E packets — so the triple end
/// redundancy, retransmissions with equal or fresh sequence numbers, a lost M-bit start packet or lost end packets
/// all yield exactly one digit, reported at the first packet seen. The continuation segment of an event longer than
/// 0xFFFF units (its timestamp advanced by the previous segment's duration, RFC 4733 §2.5.1.3) is not a new press.
/// </summary>
public sealed class TelephoneEventReceiver
{
    private const int Remembered = 8; // late packets of a few recent events must not re-trigger them

    private readonly EventKey[] _recent = new EventKey[Remembered];
    private int _next;
    private int _count;

    /// <summary>Feeds one telephone-event packet; true with <paramref name="digit"/> when it starts a new key press.</summary>
    public bool TryAccept(in RtpPacket packet, out DtmfDigit digit) => TryAccept(packet.Ssrc, packet.Timestamp, packet.Payload, out digit);

    /// <summary>Feeds one telephone-event payload; true with <paramref name="digit"/> when it starts a new key press.</summary>
    public bool TryAccept(uint ssrc, uint rtpTimestamp, ReadOnlySpan<byte> payload, out DtmfDigit digit)
    {
        digit = default;
        if (!TelephoneEvent.TryRead(payload, out TelephoneEvent telephoneEvent) ||
            !DtmfSymbols.TryGetSymbol(telephoneEvent.Event, out char symbol))
        {
            return false;
        }

        bool isNew = true;
        for (int i = 0; i < _count; i++)
        {
            ref EventKey known = ref _recent[i];
            if (known.Ssrc != ssrc || known.Event != telephoneEvent.Event)
            {
                continue;
            }

            if (known.Timestamp == rtpTimestamp)
            {
                known.Duration = Math.Max(known.Duration, telephoneEvent.Duration);
                return false;
            }

            // A later segment of a long event starts where the previous one ended.
            if (known.Duration == ushort.MaxValue && rtpTimestamp == known.Timestamp + ushort.MaxValue)
            {
                isNew = false;
            }
        }

        _recent[_next] = new EventKey(ssrc, rtpTimestamp, telephoneEvent.Event, telephoneEvent.Duration);
        _next = (_next + 1) % Remembered;
        _count = Math.Min(_count + 1, Remembered);
        if (!isNew)
        {
            return false;
        }

        digit = new DtmfDigit(symbol, ssrc, rtpTimestamp);
        return true;
    }

    private record struct EventKey(uint Ssrc, uint Timestamp, byte Event, ushort Duration);
}
