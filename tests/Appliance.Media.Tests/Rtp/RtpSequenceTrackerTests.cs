using Appliance.Media.Rtp;

namespace Appliance.Media.Tests.Rtp;

public class RtpSequenceTrackerTests
{
    [Fact]
    public void Serial_number_arithmetic_handles_wrap()
    {
        Assert.True(SerialNumber.IsNewer((ushort)2, (ushort)65530));
        Assert.False(SerialNumber.IsNewer((ushort)65530, (ushort)2));
        Assert.Equal(8, SerialNumber.Difference((ushort)2, (ushort)65530));
        Assert.Equal(-8, SerialNumber.Difference((ushort)65530, (ushort)2));
        Assert.Equal(320, SerialNumber.Difference(160u, uint.MaxValue - 159));
        Assert.True(SerialNumber.IsNewer(160u, uint.MaxValue - 159));
    }

    [Fact]
    public void New_source_needs_two_sequential_packets_then_counts_across_a_wrap()
    {
        var tracker = new RtpSequenceTracker();
        Assert.Equal(RtpSequenceResult.Probation, tracker.Update(7, 65534));
        Assert.False(tracker.IsValidated);
        Assert.Equal(RtpSequenceResult.Valid, tracker.Update(7, 65535));
        Assert.True(tracker.IsValidated);
        Assert.Equal(RtpSequenceResult.Valid, tracker.Update(7, 0));
        Assert.Equal(RtpSequenceResult.Valid, tracker.Update(7, 3)); // 1 and 2 lost
        Assert.Equal(65536u + 3, tracker.ExtendedMaxSequence);
        Assert.Equal(5u, tracker.Expected);
        Assert.Equal(3u, tracker.Received);
        Assert.Equal(RtpSequenceResult.Valid, tracker.Update(7, 1)); // late: counted, max unchanged
        Assert.Equal(65536u + 3, tracker.ExtendedMaxSequence);
    }

    [Fact]
    public void Probation_restarts_on_a_gap_and_one_packet_suffices_when_configured()
    {
        var tracker = new RtpSequenceTracker();
        Assert.Equal(RtpSequenceResult.Probation, tracker.Update(1, 100));
        Assert.Equal(RtpSequenceResult.Probation, tracker.Update(1, 105));
        Assert.Equal(RtpSequenceResult.Valid, tracker.Update(1, 106));

        var eager = new RtpSequenceTracker(minSequential: 1);
        Assert.Equal(RtpSequenceResult.Valid, eager.Update(1, 500));
        Assert.Equal(1u, eager.Received);
    }

    [Fact]
    public void Large_jump_is_dropped_once_and_resynchronizes_on_the_next_sequential_packet()
    {
        var tracker = new RtpSequenceTracker(minSequential: 1);
        tracker.Update(9, 1000);
        tracker.Update(9, 1001);
        Assert.Equal(RtpSequenceResult.Jump, tracker.Update(9, 40000));
        Assert.Equal(1001, tracker.MaxSequence);
        Assert.Equal(RtpSequenceResult.Resynchronized, tracker.Update(9, 40001));
        Assert.Equal(40001u, tracker.BaseSequence);
        Assert.Equal(1u, tracker.Received);
        Assert.Equal(RtpSequenceResult.Valid, tracker.Update(9, 40002));
        Assert.Equal(2u, tracker.Expected);
    }

    [Fact]
    public void A_new_SSRC_restarts_validation()
    {
        var tracker = new RtpSequenceTracker();
        tracker.Update(1, 10);
        tracker.Update(1, 11);
        Assert.Equal(RtpSequenceResult.Probation, tracker.Update(2, 5000));
        Assert.True(tracker.SourceChanged);
        Assert.Equal(2u, tracker.Ssrc);
        Assert.Equal(RtpSequenceResult.Valid, tracker.Update(2, 5001));
        Assert.False(tracker.SourceChanged);
        Assert.Equal(1u, tracker.Received);
    }
}
