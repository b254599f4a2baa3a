using Appliance.Media.Pacing;

namespace Appliance.Media.Tests.Pacing;

public class RtpTimestampClockTests
{
    [Fact]
    public void Timestamp_advances_every_tick_and_marker_flags_talkspurt_starts()
    {
        var clock = new RtpTimestampClock(1000, 160);
        bool[] sending = [true, true, false, false, true, true, false, true];

        RtpStamp[] stamps = sending.Select(audio => clock.Next(audio)).ToArray();

        Assert.Equal([1000u, 1160, 1320, 1480, 1640, 1800, 1960, 2120], stamps.Select(s => s.Timestamp));
        Assert.Equal([true, false, false, false, true, false, false, true], stamps.Select(s => s.Marker));
    }

    [Fact]
    public void Skipped_frames_advance_the_timestamp_and_start_a_new_talkspurt()
    {
        var clock = new RtpTimestampClock(0, 160);
        clock.Next(true);

        RtpStamp afterStall = clock.Next(true, skippedFrames: 10);

        Assert.Equal(new RtpStamp(160 + 1600, true), afterStall);
    }

    [Fact]
    public void Timestamp_wraps_modulo_two_to_the_32()
    {
        var clock = new RtpTimestampClock(uint.MaxValue - 100, 160);

        clock.Next(true);

        Assert.Equal(59u, clock.Next(true).Timestamp);
    }
}
