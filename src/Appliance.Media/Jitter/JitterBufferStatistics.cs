namespace Appliance.Media.Jitter;

/// <summary>Counters and gauges of one jitter buffer; plain fields so reading them costs nothing.</summary>
public struct JitterBufferStatistics
{
    /// <summary>Packets stored (including the ones that restarted the buffer).</summary>
    public long Received;

    /// <summary>Frames handed out for decoding.</summary>
    public long Played;

    /// <summary>Frames that were missing when their turn came (concealed).</summary>
    public long Lost;

    /// <summary>Concealed frames inserted without a loss, to grow the delay (slow sender clock, rising jitter).</summary>
    public long Inserted;

    /// <summary>Frames discarded to shrink the delay (fast sender clock, falling jitter, overflow).</summary>
    public long Dropped;

    public long Late;

    public long Duplicates;

    /// <summary>Pops that found nothing buffered after playout had started.</summary>
    public long Underruns;

    public long Resyncs;

    /// <summary>RFC 3550 interarrival jitter estimate.</summary>
    public TimeSpan Jitter;

    public TimeSpan TargetDelay;

    /// <summary>Frames from the next one to play to the newest one received (0 when empty).</summary>
    public int Depth;

    /// <summary>All frames that needed concealment.</summary>
    public readonly long Concealed => Lost + Inserted;
}
