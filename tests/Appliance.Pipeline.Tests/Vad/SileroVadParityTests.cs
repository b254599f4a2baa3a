using Appliance.Pipeline.Vad;
using Xunit.Abstractions;

namespace Appliance.Pipeline.Tests.Vad;

/// <summary>Our forward pass against ONNX Runtime on the same model, chunk by chunk with state carried.</summary>
public sealed class SileroVadParityTests(SpeechAudio audio, ITestOutputHelper output) : IClassFixture<SpeechAudio>
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(16000)]
    [InlineData(8000)]
    public void Matches_onnx_runtime_on_every_chunk_of_speech_silence_and_noise(int sampleRate)
    {
        (float[] ours, float[] reference) = RunBoth(sampleRate);

        double maxDiff = 0;
        int worst = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            double diff = Math.Abs(ours[i] - reference[i]);
            if (diff > maxDiff)
            {
                maxDiff = diff;
                worst = i;
            }
        }

        output.WriteLine($"{sampleRate} Hz: {ours.Length} chunks, max |ours - ORT| = {maxDiff:E3} at chunk {worst}");
        Assert.True(ours.Length > 200, "several seconds of audio");
        Assert.True(maxDiff <= Tolerance, $"max abs diff {maxDiff:E3} at chunk {worst}: ours {ours[worst]}, ORT {reference[worst]}");
    }

    [Theory]
    [InlineData(16000)]
    [InlineData(8000)]
    public void Speech_scores_high_and_silence_low(int sampleRate)
    {
        var vad = new SileroVad(SileroModel.Embedded, sampleRate);
        short[] pcm = audio.For(sampleRate);
        (int Start, int End)[] speech = audio.SpeechFor(sampleRate);
        int n = vad.ChunkSamples;
        var chunk = new float[n];
        int speechChunks = 0, speechHits = 0, quietChunks = 0, quietHits = 0;
        for (int offset = 0; offset + n <= pcm.Length; offset += n)
        {
            ToFloat(pcm.AsSpan(offset, n), chunk);
            float p = vad.Process(chunk);

            // Judge only chunks well inside a region (the model needs a few chunks to settle at edges).
            int margin = sampleRate / 4;
            bool inSpeech = speech.Any(s => offset >= s.Start + margin && offset + n <= s.End - margin);
            bool inQuiet = speech.All(s => offset + n <= s.Start - margin || offset >= s.End + margin);
            if (inSpeech)
            {
                speechChunks++;
                speechHits += p >= 0.5f ? 1 : 0;
            }
            else if (inQuiet)
            {
                quietChunks++;
                quietHits += p >= 0.5f ? 1 : 0;
            }
        }

        output.WriteLine($"{sampleRate} Hz: speech {speechHits}/{speechChunks} chunks >= 0.5, non-speech {quietHits}/{quietChunks}");
        Assert.True(speechHits >= speechChunks * 0.8, $"speech detected in only {speechHits}/{speechChunks} chunks");
        Assert.True(quietHits <= quietChunks * 0.05, $"{quietHits}/{quietChunks} silence/noise chunks scored as speech");
    }

    [Fact]
    public void Reset_restarts_the_stream_exactly()
    {
        var vad = new SileroVad(SileroModel.Embedded, 16000);
        short[] pcm = audio.Pcm16k;
        var chunk = new float[vad.ChunkSamples];
        var first = new float[40];
        for (int i = 0; i < first.Length; i++)
        {
            ToFloat(pcm.AsSpan(audio.Speech16k[0].Start + (i * chunk.Length), chunk.Length), chunk);
            first[i] = vad.Process(chunk);
        }

        vad.Reset();
        for (int i = 0; i < first.Length; i++)
        {
            ToFloat(pcm.AsSpan(audio.Speech16k[0].Start + (i * chunk.Length), chunk.Length), chunk);
            Assert.Equal(first[i], vad.Process(chunk));
        }
    }

    [Fact]
    public void Rejects_unsupported_rate_and_wrong_chunk_length()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SileroVad(SileroModel.Embedded, 44100));
        var vad = new SileroVad(SileroModel.Embedded, 8000);
        Assert.Equal(256, vad.ChunkSamples);
        Assert.Throws<ArgumentException>(() => vad.Process(new float[512]));
    }

    private (float[] Ours, float[] Reference) RunBoth(int sampleRate)
    {
        var vad = new SileroVad(SileroModel.Embedded, sampleRate);
        using var oracle = new OrtSileroOracle(sampleRate);
        short[] pcm = audio.For(sampleRate);
        int n = vad.ChunkSamples;
        var chunk = new float[n];
        var ours = new List<float>();
        var reference = new List<float>();
        for (int offset = 0; offset + n <= pcm.Length; offset += n)
        {
            ToFloat(pcm.AsSpan(offset, n), chunk);
            ours.Add(vad.Process(chunk));
            reference.Add(oracle.Process(chunk));
        }

        return ([.. ours], [.. reference]);
    }

    internal static void ToFloat(ReadOnlySpan<short> pcm, Span<float> target)
    {
        for (int i = 0; i < pcm.Length; i++)
        {
            target[i] = pcm[i] / 32768f;
        }
    }
}
