using Appliance.Media.Rtp;

namespace Appliance.Media.Rtcp;

/// <summary>
/// What we know about one remote RTP source for our reception reports: A.1 sequence validation, A.3 loss counts,
/// A.8 interarrival jitter, and the LSR/DLSR echo of §6.4.1. Times are monotonic offsets supplied by the caller.
/// </summary>
public sealed class ReceptionStatistics
{
    private readonly int _clockRate;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private bool _hasTransit;
    private uint _lastTransit;
    private uint _jitterQ4; // jitter × 16, the integer form of A.8
    private uint _lastSenderReport;
    private TimeSpan _lastSenderReportArrival;

    /// <summary>Creates statistics for a stream with RTP clock <paramref name="clockRate"/>.</summary>
    public ReceptionStatistics(int clockRate, int minSequential = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1);
        _clockRate = clockRate;
        Sequence = new RtpSequenceTracker(minSequential);
    }

    /// <summary>The source's sequence state (SSRC, extended highest sequence, counts).</summary>
    public RtpSequenceTracker Sequence { get; }

    /// <summary>Interarrival jitter in RTP timestamp units.</summary>
    public uint Jitter => _jitterQ4 >> 4;

    /// <summary>Cumulative packets lost (expected − received); negative with duplicates.</summary>
    public long CumulativeLost => (long)Sequence.Expected - Sequence.Received;

    /// <summary>Accounts one RTP packet that arrived at <paramref name="arrival"/> (any monotonic clock).</summary>
    public RtpSequenceResult OnRtp(uint ssrc, ushort sequence, uint rtpTimestamp, TimeSpan arrival)
    {
        RtpSequenceResult result = Sequence.Update(ssrc, sequence);
        if (Sequence.SourceChanged)
        {
            _jitterQ4 = 0;
            _lastSenderReport = 0;
        }

        if (result is RtpSequenceResult.Probation or RtpSequenceResult.Resynchronized)
        {
            _expectedPrior = 0;
            _receivedPrior = 0;
            _hasTransit = false;
        }

        if (result is RtpSequenceResult.Valid or RtpSequenceResult.Resynchronized)
        {
            // A.8: D = (Rj - Ri) - (Sj - Si) via transit times, all in RTP units; uint arithmetic wraps like the timestamps do.
            uint arrivalUnits = (uint)(arrival.Ticks * _clockRate / TimeSpan.TicksPerSecond);
            uint transit = arrivalUnits - rtpTimestamp;
            if (_hasTransit)
            {
                int d = Math.Abs((int)(transit - _lastTransit));
                _jitterQ4 = (uint)(_jitterQ4 + d - ((_jitterQ4 + 8) >> 4));
            }

            _lastTransit = transit;
            _hasTransit = true;
        }

        return result;
    }

    /// <summary>Remembers an SR from this source so the next report block can echo LSR and DLSR.</summary>
    public void OnSenderReport(ulong ntpTimestamp, TimeSpan arrival)
    {
        _lastSenderReport = NtpTimestamp.Middle32(ntpTimestamp);
        _lastSenderReportArrival = arrival;
    }

    /// <summary>Builds the report block for an SR/RR sent at <paramref name="now"/> and starts a new loss interval (A.3).</summary>
    public ReportBlock CreateReportBlock(TimeSpan now)
    {
        uint expected = Sequence.Expected;
        uint received = Sequence.Received;
        uint expectedInterval = expected - _expectedPrior;
        uint receivedInterval = received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = received;
        long lostInterval = (long)expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)((lostInterval << 8) / expectedInterval);

        return new ReportBlock(
            Sequence.Ssrc,
            fraction,
            (int)Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF),
            Sequence.ExtendedMaxSequence,
            Jitter,
            _lastSenderReport,
            _lastSenderReport == 0 ? 0 : NtpTimestamp.ToShortUnits(now - _lastSenderReportArrival));
    }
}
