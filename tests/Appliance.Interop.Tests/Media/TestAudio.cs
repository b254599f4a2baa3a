using System.Globalization;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Media;

/// <summary>
/// Mono 16-bit WAVs for a softphone to play, made with sox and espeak-ng in a temp folder that
/// is deleted on dispose.
/// </summary>
internal sealed class TestAudio : IDisposable
{
    public const string Tone440 = "/work/shared/references/peers/sipp/tone440_10s_8k_s16.wav";

    private readonly string _dir = Directory.CreateTempSubdirectory("media-audio-").FullName;

    /// <summary>The 440 Hz reference tone, resampled to sampleRate.</summary>
    public Task<string> ToneAsync(int sampleRate) => ConvertAsync(Tone440, sampleRate, "tone");

    /// <summary>A spoken sentence from espeak-ng at sampleRate: broadband, aperiodic audio whose alignment is unambiguous.</summary>
    public async Task<string> SpeechAsync(int sampleRate)
    {
        var raw = Path.Combine(_dir, "speech-raw.wav");
        var run = await ProcessRunner.RunAsync(
            "espeak-ng", ["-w", raw, "The quick brown fox jumps over the lazy dog. Seven, eight, nine."], TimeSpan.FromSeconds(20));
        Assert.True(run.ExitCode == 0, run.Output);
        return await ConvertAsync(raw, sampleRate, "speech");
    }

    private async Task<string> ConvertAsync(string source, int sampleRate, string name)
    {
        var output = Path.Combine(_dir, $"{name}-{sampleRate}.wav");
        var run = await ProcessRunner.RunAsync(
            "sox", [source, "-r", sampleRate.ToString(CultureInfo.InvariantCulture), "-c", "1", "-b", "16", output], TimeSpan.FromSeconds(20));
        Assert.True(run.ExitCode == 0, run.Output);
        return output;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
