using System.Buffers.Binary;

namespace Appliance.Media.Dtmf;

/// <summary>An RFC 4733 §2.3 telephone-event payload: event code, end bit, volume and duration.</summary>
/// <param name="Event">Event code: 0–9 digits, 10 '*', 11 '#', 12–15 A–D, 16 flash.</param>
/// <param name="End">E bit: this is (a retransmission of) the final packet of the event.</param>
/// <param name="Volume">Power level in −dBm0, 0..63.</param>
/// <param name="Duration">Duration so far, in RTP timestamp units from the event's timestamp.</param>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    /// <summary>Size of one event on the wire.</summary>
    public const int Size = 4;

    /// <summary>Reads the first event of <paramref name="payload"/>; false if shorter than 4 bytes. The R bit is ignored.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent telephoneEvent)
    {
        if (payload.Length < Size)
        {
            telephoneEvent = default;
            return false;
        }

        telephoneEvent = new TelephoneEvent(payload[0], (payload[1] & 0x80) != 0, (byte)(payload[1] & 0x3F), BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    /// <summary>Writes the event into <paramref name="destination"/> (R bit zero); false if it is shorter than 4 bytes.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
        return true;
    }
}
