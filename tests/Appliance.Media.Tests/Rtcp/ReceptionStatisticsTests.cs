using Appliance.Media.Rtcp;

namespace Appliance.Media.Tests.Rtcp;

public class ReceptionStatisticsTests
{
    private static readonly TimeSpan Packet = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void Counts_loss_per_interval_and_cumulatively()
    {
        var stats = new ReceptionStatistics(8000, minSequential: 1);
        for (int i = 0; i < 100; i++)
        {
            if (i % 10 != 3)
            {
                stats.OnRtp(0xABC, (ushort)(65500 + i), (uint)(i * 160), Packet * i);
            }
        }

        ReportBlock block = stats.CreateReportBlock(Packet * 100);
        Assert.Equal(0xABCu, block.Ssrc);
        Assert.Equal(10, block.CumulativeLost);
        Assert.Equal(25, block.FractionLost); // floor(256 × 10 lost / 100 expected)
        Assert.Equal(65536u + 63, block.ExtendedHighestSequence);

        for (int i = 100; i < 150; i++)
        {
            stats.OnRtp(0xABC, (ushort)(65500 + i), (uint)(i * 160), Packet * i);
        }

        block = stats.CreateReportBlock(Packet * 150);
        Assert.Equal(0, block.FractionLost);
        Assert.Equal(10, block.CumulativeLost);
    }

    [Fact]
    public void Jitter_is_zero_for_perfect_pacing_and_converges_for_alternating_delay()
    {
        var stats = new ReceptionStatistics(8000, minSequential: 1);
        for (int i = 0; i < 50; i++)
        {
            stats.OnRtp(1, (ushort)i, (uint)(i * 160), Packet * i);
        }

        Assert.Equal(0u, stats.Jitter);

        // Every other packet 5 ms (40 units) late: |D| = 40 each time, so J → 40.
        for (int i = 50; i < 500; i++)
        {
            stats.OnRtp(1, (ushort)i, (uint)(i * 160), (Packet * i) + TimeSpan.FromMilliseconds(i % 2 * 5));
        }

        Assert.InRange(stats.Jitter, 38u, 40u);
    }

    [Fact]
    public void Echoes_LSR_and_DLSR_and_the_sender_gets_the_round_trip()
    {
        var stats = new ReceptionStatistics(8000, minSequential: 1);
        stats.OnRtp(1, 1, 0, TimeSpan.Zero);
        ulong srNtp = NtpTimestamp.FromDateTime(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        stats.OnSenderReport(srNtp, TimeSpan.FromSeconds(10));

        ReportBlock block = stats.CreateReportBlock(TimeSpan.FromSeconds(11.5));
        Assert.Equal(NtpTimestamp.Middle32(srNtp), block.LastSenderReport);
        Assert.Equal(98304u, block.DelaySinceLastSenderReport); // 1.5 s in 1/65536 s

        // The SR left the sender 40 ms before it arrived; the RR takes another 40 ms back → RTT 80 ms.
        ulong rrArrival = NtpTimestamp.FromDateTime(new DateTimeOffset(2026, 11, 23, 12, 0, 1, 580, TimeSpan.Zero));
        TimeSpan? rtt = NtpTimestamp.RoundTripTime(rrArrival, block with { LastSenderReport = NtpTimestamp.Middle32(srNtp) });
        Assert.NotNull(rtt);
        Assert.InRange(rtt.Value.TotalMilliseconds, 79.9, 80.1);
        Assert.Null(NtpTimestamp.RoundTripTime(rrArrival, block with { LastSenderReport = 0 }));
    }

    [Fact]
    public void Ntp_conversion_matches_the_1900_epoch()
    {
        ulong ntp = NtpTimestamp.FromDateTime(DateTimeOffset.UnixEpoch.AddSeconds(0.5));
        Assert.Equal(2_208_988_800UL, ntp >> 32);
        Assert.Equal(0x80000000UL, ntp & 0xFFFFFFFF);
    }

    [Fact]
    public void Rtcp_interval_follows_A7()
    {
        // 64 kbit/s audio session: RTCP gets 5% = 400 B/s. Two members, both sending, 100-byte packets.
        var calculator = new RtcpIntervalCalculator(400, TimeSpan.FromSeconds(5), new Random(1));
        Assert.Equal(TimeSpan.FromSeconds(5), calculator.Deterministic(2, 2, weSent: true, initial: false));
        Assert.Equal(TimeSpan.FromSeconds(2.5), calculator.Deterministic(2, 2, weSent: true, initial: true));

        // 1000 receivers, 1 sender: receivers share 75% of 400 B/s → 100 × 999 / 300 = 333 s.
        Assert.Equal(333.0, calculator.Deterministic(1000, 1, weSent: false, initial: false).TotalSeconds, 3);
        // The sender's share is 25% split among senders → 100 × 1 / 100 = 1 s, raised to the 5 s minimum.
        Assert.Equal(TimeSpan.FromSeconds(5), calculator.Deterministic(1000, 1, weSent: true, initial: false));

        double min = double.MaxValue;
        double max = 0;
        for (int i = 0; i < 10_000; i++)
        {
            double t = calculator.Next(2, 2, weSent: true, initial: false).TotalSeconds;
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }

        Assert.InRange(min, 5 * 0.5 / 1.21828, 5 * 0.52 / 1.21828);
        Assert.InRange(max, 5 * 1.48 / 1.21828, 5 * 1.5 / 1.21828);

        calculator.OnPacket(260);
        Assert.Equal(110, calculator.AverageSize);
    }
}
