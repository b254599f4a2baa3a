using Appliance.Pipeline.Recording;

namespace Appliance.Pipeline.Tests.Recording;

public class StereoAlignerTests
{
    [Fact]
    public void Pairs_samples_by_position_and_waits_within_the_slack()
    {
        var aligner = new StereoAligner(slackSamples: 10);
        short[] output = new short[64];
        aligner.Add(RecordingChannel.Caller, [1, 2, 3, 4]);

        Assert.Equal(0, aligner.Take(output, flush: false));

        aligner.Add(RecordingChannel.Bot, [-1, -2]);
        Assert.Equal(2, aligner.Take(output, flush: false));
        Assert.Equal([1, -1, 2, -2], output[..4]);
    }

    [Fact]
    public void Idle_side_is_filled_with_silence_once_the_other_runs_ahead_of_the_slack()
    {
        var aligner = new StereoAligner(slackSamples: 2);
        short[] output = new short[64];
        aligner.Add(RecordingChannel.Bot, [5, 6, 7, 8, 9]);

        Assert.Equal(3, aligner.Take(output, flush: false));
        Assert.Equal([0, 5, 0, 6, 0, 7], output[..6]);

        Assert.Equal(2, aligner.Take(output, flush: true));
        Assert.Equal([0, 8, 0, 9], output[..4]);
    }
}
