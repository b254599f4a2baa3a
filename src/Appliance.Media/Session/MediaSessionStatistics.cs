namespace Appliance.Media.Session;

/// <summary>A snapshot of one session's counters (cumulative since <see cref="MediaSession.Start"/>).</summary>
public readonly record struct MediaSessionStatistics
{
    public long PacketsReceived { get; init; }

    public long BytesReceived { get; init; }

    public long PacketsSent { get; init; }

    public long BytesSent { get; init; }

    /// <summary>RTP packets never received (RFC 3550 cumulative lost: expected − received, from the sequence numbers).</summary>
    public long PacketsLost { get; init; }

    /// <summary>RTP packets that arrived after their playout time.</summary>
    public long Late { get; init; }

    /// <summary>Frames synthesised by packet-loss concealment (lost or inserted by the jitter buffer).</summary>
    public long Concealed { get; init; }

    /// <summary>Datagrams that did not parse as RTP/RTCP or carried an unexpected payload type.</summary>
    public long Malformed { get; init; }

    /// <summary>Valid packets dropped because they came from a source other than the latched one.</summary>
    public long DroppedForeign { get; init; }

    public long SsrcChanges { get; init; }

    public long DtmfDigitsReceived { get; init; }

    /// <summary>RFC 3550 interarrival jitter of the received stream.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Round-trip time from the peer's last RTCP report block about us; null until one arrives.</summary>
    public TimeSpan? RoundTripTime { get; init; }
}
