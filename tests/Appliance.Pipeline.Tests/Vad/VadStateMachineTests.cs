using Appliance.Pipeline.Vad;

namespace Appliance.Pipeline.Tests.Vad;

/// <summary>The debounce alone, fed synthetic per-chunk decisions ('S' speech, '.' not) of 100 samples each.</summary>
public sealed class VadStateMachineTests
{
    private const int Chunk = 100;

    [Fact]
    public void Speech_confirms_after_start_chunks_and_stops_after_stop_chunks()
    {
        List<(int Chunk, VadTransition Transition)> events = Run("..SSS...S.....", startChunks: 3, stopChunks: 4, out VadState final);

        Assert.Equal(2, events.Count);
        Assert.Equal(4, events[0].Chunk);
        Assert.Equal(new VadTransition(VadTransitionKind.UserStartedSpeaking, 2 * Chunk, 5 * Chunk), events[0].Transition);
        Assert.Equal(12, events[1].Chunk);
        Assert.Equal(new VadTransition(VadTransitionKind.UserStoppedSpeaking, 9 * Chunk, 13 * Chunk), events[1].Transition);
        Assert.Equal(VadState.Quiet, final);
    }

    [Fact]
    public void A_blip_shorter_than_start_never_starts()
    {
        Assert.Empty(Run(".SS.SS.S..SS.", startChunks: 3, stopChunks: 2, out VadState final));
        Assert.Equal(VadState.Quiet, final);
    }

    [Fact]
    public void A_pause_shorter_than_stop_keeps_speaking_and_restarts_the_stop_count()
    {
        List<(int Chunk, VadTransition Transition)> events = Run("SS...S...S....", startChunks: 2, stopChunks: 4, out VadState final);

        Assert.Equal(2, events.Count);
        Assert.Equal(VadTransitionKind.UserStartedSpeaking, events[0].Transition.Kind);
        Assert.Equal(VadTransitionKind.UserStoppedSpeaking, events[1].Transition.Kind);
        Assert.Equal(10 * Chunk, events[1].Transition.OnsetSample);
        Assert.Equal(13, events[1].Chunk);
        Assert.Equal(VadState.Quiet, final);
    }

    [Theory]
    [InlineData("S", VadState.Starting)]
    [InlineData("SS", VadState.Speaking)]
    [InlineData("SS.", VadState.Stopping)]
    [InlineData("SS.S", VadState.Speaking)]
    [InlineData("S.", VadState.Quiet)]
    public void Intermediate_states_are_visible(string pattern, VadState expected)
    {
        Run(pattern, startChunks: 2, stopChunks: 3, out VadState final);
        Assert.Equal(expected, final);
    }

    [Fact]
    public void One_chunk_thresholds_confirm_immediately()
    {
        List<(int Chunk, VadTransition Transition)> events = Run(".S.", startChunks: 1, stopChunks: 1, out _);

        Assert.Equal([1, 2], events.Select(e => e.Chunk));
        Assert.Equal(new VadTransition(VadTransitionKind.UserStartedSpeaking, Chunk, 2 * Chunk), events[0].Transition);
        Assert.Equal(new VadTransition(VadTransitionKind.UserStoppedSpeaking, 2 * Chunk, 3 * Chunk), events[1].Transition);
    }

    private static List<(int Chunk, VadTransition Transition)> Run(string pattern, int startChunks, int stopChunks, out VadState final)
    {
        var machine = new VadStateMachine(startChunks, stopChunks);
        var events = new List<(int, VadTransition)>();
        for (int i = 0; i < pattern.Length; i++)
        {
            if (machine.Update(pattern[i] == 'S', i * Chunk, (i + 1) * Chunk, out VadTransition transition))
            {
                events.Add((i, transition));
            }
        }

        final = machine.State;
        return events;
    }
}
