using System.Text.Json;
using Appliance.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Pipeline;

/// <summary>
/// The parrot agent on a real call from baresip, with Silero VAD deciding the turns. Timing is
/// read from the appliance's own stereo recording (caller and bot on one sample clock), so the
/// figures are the appliance's, not the network's or baresip's jitter buffer's.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class ParrotTests(ITestOutputHelper output) : IDisposable
{
    private const double StopSeconds = 0.8;
    private const double MinInterruptionSeconds = 0.4;

    /// <summary>Silero decides on 32 ms chunks, so a threshold is crossed at the next chunk boundary.</summary>
    private const double VadChunkSeconds = 0.032;

    private readonly string _dir = Directory.CreateTempSubdirectory("parrot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ApplianceProcess StartParrot() => ApplianceProcess.Start(
    [
        "--defaultAgent=parrot",
        "--agents:parrot:recording:enabled=true",
        $"--agents:parrot:recording:directory={_dir}/recordings",
        "--agents:parrot:recording:minFreeMb=1",
        $"--agents:parrot:vad:stopSeconds={StopSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        $"--agents:parrot:minInterruptionMs={MinInterruptionSeconds * 1000}",
    ]);

    private StereoRecording ReadRecording()
    {
        var wav = Assert.Single(Directory.GetFiles(Path.Combine(_dir, "recordings"), "*.wav"));
        return StereoRecording.Read(wav);
    }

    [Fact]
    public async Task Repeats_the_utterance_after_the_turn_ends_within_stop_seconds_plus_150_ms()
    {
        var speech = await TestAudio.SpeakAsync(_dir, "speech", "Please book a table for two people tonight at eight.", 8000);
        var input = await TestAudio.ComposeAsync(_dir, "input", 8000, 0.5, speech, 6.0);
        await using var appliance = StartParrot();
        await appliance.WaitReadyAsync();

        var call = await Baresip.CallAsync(appliance, input, seconds: 11);

        var recording = ReadRecording();
        var rate = recording.SampleRate;
        var speechStart = StereoRecording.FirstActive(recording.Caller, rate, TimeSpan.Zero)!.Value;
        var speechEnd = StereoRecording.EndOfActivity(recording.Caller, rate, speechStart, TimeSpan.FromMilliseconds(400))!.Value;
        var transcript = JsonDocument.Parse(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(_dir, "recordings"), "*.json"))));
        var turns = transcript.RootElement.GetProperty("turns").EnumerateArray().ToArray();
        Assert.Equal(["User", "Bot"], turns.Select(t => t.GetProperty("speaker").GetString() ?? ""));

        // The bot turn starts at the first sample actually played (the parrot's pre-roll included,
        // which the energy of the words alone would hide); the end of speech is read from the audio.
        var botStart = TimeSpan.FromMilliseconds(turns[1].GetProperty("startMs").GetInt64());
        var wordsStart = StereoRecording.FirstActive(recording.Bot, rate, speechEnd)!.Value;
        var latency = botStart - speechEnd;
        output.WriteLine(
            $"caller speech {speechStart.TotalMilliseconds:F0}–{speechEnd.TotalMilliseconds:F0} ms; bot starts playing at {botStart.TotalMilliseconds:F0} ms " +
            $"({latency.TotalMilliseconds:F0} ms after the end of speech; VAD stop {StopSeconds * 1000:F0} ms), its words at {wordsStart.TotalMilliseconds:F0} ms");
        Assert.InRange(latency.TotalSeconds, StopSeconds - 0.2, StopSeconds + 0.15);
        Assert.True(wordsStart >= botStart - TimeSpan.FromMilliseconds(10), "words cannot be heard before the bot starts playing (5 ms windows)");

        // The reply is the utterance: in the appliance's recording, and as the caller heard it.
        var from = (int)(speechStart.TotalSeconds * rate);
        var length = (int)((speechEnd - speechStart).TotalSeconds * rate);
        var replay = Signal.FindCopy(recording.Caller, from, length, recording.Bot, (int)(speechEnd.TotalSeconds * rate), Math.Min(recording.Bot.Length - length, (int)((speechEnd.TotalSeconds + 3) * rate)), rate);
        var inRecording = Signal.SegmentedSimilarity(recording.Caller, from, recording.Bot, replay, length, rate, rate / 50);
        var sentStart = (int)(StereoRecording.FirstActive(call.Sent, call.SampleRate, TimeSpan.Zero)!.Value.TotalSeconds * call.SampleRate);
        var sentLength = (int)((speechEnd - speechStart).TotalSeconds * call.SampleRate);
        var heardAt = Signal.FindCopy(call.Sent, sentStart, sentLength, call.Received, sentStart + sentLength, Math.Min(call.Received.Length - sentLength, sentStart + sentLength + (3 * call.SampleRate)), call.SampleRate);
        var heard = Signal.SegmentedSimilarity(call.Sent, sentStart, call.Received, heardAt, sentLength, call.SampleRate, call.SampleRate / 20);
        output.WriteLine($"similarity of reply to utterance (median over 250 ms segments): {inRecording:F3} in the appliance's recording, {heard:F3} as baresip heard it");
        Assert.True(inRecording > 0.95, $"reply similarity {inRecording:F3}");
        Assert.True(heard > 0.8, $"heard similarity {heard:F3}");
    }
    [Fact]
    public async Task Talking_over_the_bot_stops_it_within_60_ms_of_the_interruption_threshold()
    {
        var first = await TestAudio.SpeakAsync(_dir, "first", "Please book a table for two people tonight at eight.", 8000);
        var second = await TestAudio.SpeakAsync(_dir, "second", "No wait, make that tomorrow instead.", 8000);
        // The second utterance starts about 0.4 s into the bot's reply to the first.
        var input = await TestAudio.ComposeAsync(_dir, "input", 8000, 0.5, first, 1.2, second, 5.0);
        await using var appliance = StartParrot();
        await appliance.WaitReadyAsync();

        await Baresip.CallAsync(appliance, input, seconds: 12);

        var recording = ReadRecording();
        var rate = recording.SampleRate;
        var firstStart = StereoRecording.FirstActive(recording.Caller, rate, TimeSpan.Zero)!.Value;
        var firstEnd = StereoRecording.EndOfActivity(recording.Caller, rate, firstStart, TimeSpan.FromMilliseconds(400))!.Value;
        var botStart = StereoRecording.FirstActive(recording.Bot, rate, firstEnd)!.Value;
        var bargeIn = StereoRecording.FirstActive(recording.Caller, rate, botStart)!.Value;
        var botStop = StereoRecording.EndOfActivity(recording.Bot, rate, bargeIn, TimeSpan.FromMilliseconds(150))!.Value;
        var threshold = bargeIn + TimeSpan.FromSeconds(MinInterruptionSeconds);
        var afterThreshold = botStop - threshold;
        output.WriteLine(
            $"bot reply starts {botStart.TotalMilliseconds:F0} ms, caller talks over it at {bargeIn.TotalMilliseconds:F0} ms, " +
            $"threshold ({MinInterruptionSeconds * 1000:F0} ms of speech) at {threshold.TotalMilliseconds:F0} ms, bot stops at {botStop.TotalMilliseconds:F0} ms: " +
            $"{afterThreshold.TotalMilliseconds:F0} ms after the threshold");

        // The bot was talking when interrupted, was not cut off before the minimum, and stopped promptly after it.
        Assert.True(bargeIn > botStart + TimeSpan.FromMilliseconds(200), "the caller must talk over a reply already playing");
        Assert.True(botStop >= threshold - TimeSpan.FromSeconds(VadChunkSeconds), $"interrupted {(threshold - botStop).TotalMilliseconds:F0} ms before the minimum");
        Assert.True(afterThreshold.TotalSeconds <= 0.060 + VadChunkSeconds, $"bot stopped {afterThreshold.TotalMilliseconds:F0} ms after the threshold");
        Assert.True(botStop - botStart < firstEnd - firstStart - TimeSpan.FromMilliseconds(500), "the reply was cut short");
    }
}
