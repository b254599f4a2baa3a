using Appliance.Pipeline.Vad;
using Xunit.Abstractions;

namespace Appliance.Pipeline.Tests.Vad;

/// <summary>The analyzer end to end on real speech: buffering of odd frame sizes, gating and transition timing.</summary>
public sealed class VadAnalyzerTests(SpeechAudio audio, ITestOutputHelper output) : IClassFixture<SpeechAudio>
{
    [Theory]
    [InlineData(16000, 320)]
    [InlineData(8000, 160)]
    [InlineData(16000, 1000)]
    [InlineData(8000, 37)]
    public void Reports_one_start_and_one_stop_per_phrase_near_the_phrase_edges(int sampleRate, int frameSamples)
    {
        var analyzer = new VadAnalyzer(SileroModel.Embedded, sampleRate, new VadParams { StopSeconds = 0.5 });
        List<VadTransition> events = Feed(analyzer, audio.For(sampleRate), frameSamples);
        (int Start, int End)[] speech = audio.SpeechFor(sampleRate);
        foreach (VadTransition e in events)
        {
            output.WriteLine($"{e.Kind} onset {e.OnsetSample / (double)sampleRate:F3}s confirmed {e.ConfirmedSample / (double)sampleRate:F3}s");
        }

        Assert.Equal(4, events.Count);
        double tolerance = 0.25 * sampleRate;
        for (int p = 0; p < 2; p++)
        {
            VadTransition start = events[2 * p], stop = events[(2 * p) + 1];
            Assert.Equal(VadTransitionKind.UserStartedSpeaking, start.Kind);
            Assert.Equal(VadTransitionKind.UserStoppedSpeaking, stop.Kind);
            Assert.InRange(start.OnsetSample, speech[p].Start - tolerance, speech[p].Start + tolerance);
            Assert.InRange(stop.OnsetSample, speech[p].End - tolerance, speech[p].End + tolerance);

            // Confirmation lags the onset by the configured debounce, rounded to whole 32 ms chunks.
            Assert.Equal(6 * analyzer.ChunkSamples, start.ConfirmedSample - start.OnsetSample);
            Assert.Equal(16 * analyzer.ChunkSamples, stop.ConfirmedSample - stop.OnsetSample);
        }

        Assert.Equal(VadState.Quiet, analyzer.State);
        Assert.Equal(audio.For(sampleRate).Length, analyzer.Position);
    }

    [Fact]
    public void Frame_size_does_not_change_the_result()
    {
        short[] pcm = audio.Pcm8k;
        List<VadTransition> small = Feed(new VadAnalyzer(SileroModel.Embedded, 8000), pcm, 80);
        List<VadTransition> large = Feed(new VadAnalyzer(SileroModel.Embedded, 8000), pcm, 4000);

        Assert.NotEmpty(small);
        Assert.Equal(small, large);
    }

    [Fact]
    public void Volume_gate_suppresses_speech_quieter_than_min_volume()
    {
        short[] quiet = [.. audio.Pcm16k.Select(s => (short)(s / 200))];
        var gated = new VadAnalyzer(SileroModel.Embedded, 16000, new VadParams { MinVolumeDbfs = -40f });

        Assert.Empty(Feed(gated, quiet, 320));
        Assert.True(gated.LastVolumeDbfs < -40f);
    }

    [Fact]
    public void Confidence_threshold_above_one_never_starts()
    {
        var analyzer = new VadAnalyzer(SileroModel.Embedded, 16000, new VadParams { Confidence = 1.01f });
        Assert.Empty(Feed(analyzer, audio.Pcm16k, 320));
    }

    [Fact]
    public void Reset_restarts_clock_and_state()
    {
        var analyzer = new VadAnalyzer(SileroModel.Embedded, 16000);
        List<VadTransition> first = Feed(analyzer, audio.Pcm16k, 320);
        analyzer.Reset();
        Assert.Equal(0, analyzer.Position);
        Assert.Equal(VadState.Quiet, analyzer.State);
        Assert.Equal(first, Feed(analyzer, audio.Pcm16k, 320));
    }

    [Fact]
    public void Too_small_transition_span_for_a_large_buffer_is_rejected()
    {
        var analyzer = new VadAnalyzer(SileroModel.Embedded, 8000);
        Assert.Equal(3, analyzer.MaxTransitions(800));
        Assert.Throws<ArgumentException>(() => analyzer.Analyze(new short[800], new VadTransition[2]));
        Assert.Equal(0, analyzer.Position);
    }

    [Fact]
    public void Digital_silence_reports_negative_infinity_dbfs()
    {
        var analyzer = new VadAnalyzer(SileroModel.Embedded, 8000);
        analyzer.Analyze(new short[256], new VadTransition[1]);
        Assert.Equal(float.NegativeInfinity, analyzer.LastVolumeDbfs);
        Assert.InRange(analyzer.LastConfidence, 0f, 0.1f);
    }

    private static List<VadTransition> Feed(VadAnalyzer analyzer, short[] pcm, int frameSamples)
    {
        var events = new List<VadTransition>();
        var slots = new VadTransition[analyzer.MaxTransitions(frameSamples) + 1];
        for (int offset = 0; offset < pcm.Length; offset += frameSamples)
        {
            int count = analyzer.Analyze(pcm.AsSpan(offset, Math.Min(frameSamples, pcm.Length - offset)), slots);
            events.AddRange(slots.AsSpan(0, count));
        }

        return events;
    }
}
