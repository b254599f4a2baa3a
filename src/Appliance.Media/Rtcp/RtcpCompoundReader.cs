namespace Appliance.Media.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP datagram. The first must be SR or RR (RFC 3550 §6.1); unknown types are
/// returned for the caller to skip. Stops with <see cref="Error"/> set on the first malformed packet; never throws.
/// </summary>
public ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _remaining;
    private bool _first;

    /// <summary>Starts reading <paramref name="datagram"/>.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        _first = true;
        Error = RtcpParseError.None;
    }

    /// <summary>Why reading stopped early, or <see cref="RtcpParseError.None"/> after a clean end.</summary>
    public RtcpParseError Error { get; private set; }

    /// <summary>Reads the next packet; false at the end or on error.</summary>
    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        if (_remaining.IsEmpty || Error != RtcpParseError.None)
        {
            return false;
        }

        if (!RtcpPacket.TryParse(_remaining, out packet, out int length, out RtcpParseError error))
        {
            Error = error;
            return false;
        }

        if (_first && packet.Type is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
        {
            Error = RtcpParseError.NotReportFirst;
            packet = default;
            return false;
        }

        _first = false;
        _remaining = _remaining[length..];
        return true;
    }
}
