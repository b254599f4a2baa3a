using System.Globalization;
using System.Text.RegularExpressions;
using Appliance.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Outbound;

/// <summary><c>appliance call</c>, the built-in client, against a second appliance instance.</summary>
[Collection(InteropCollection.Name)]
public sealed partial class CallCommandTests(ITestOutputHelper output)
{
    /// <summary>
    /// Per 200 ms slice of speech: measured 1.000 when the WAV is already at 8 kHz (G.711 both ways is exact for G.711
    /// samples), 0.97–0.99 when the client resamples 16 kHz speech (its resampler against sox's for the reference).
    /// </summary>
    private const double MinMedianCorrelation = 0.95;

    private static Task<ProcessResult> CallAsync(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.Binary, ["call", .. args, "--media:rtpPortMin=42000", "--media:rtpPortMax=42999"], TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public async Task Call_to_an_echo_appliance_records_the_played_audio_coming_back(int playedRate)
    {
        using var audio = new Media.TestAudio();
        var played = await audio.SpeechAsync(playedRate);
        var reference = playedRate == 8000 ? played : await ResampleAsync(played, 8000);
        var recording = Path.Combine(Path.GetTempPath(), $"call-echo-{Guid.NewGuid():N}.wav");
        await using var echo = ApplianceProcess.Start(["--defaultAgent=echo"]);
        await echo.WaitReadyAsync();
        try
        {
            var call = await CallAsync($"sip:echo@127.0.0.1:{echo.SipPort}", "--play", played, "--record", recording);

            output.WriteLine(call.StdOut);
            Assert.True(call.ExitCode == 0, $"{call.Output}\n--- callee ---\n{echo.Output}");
            var answered = Answered().Match(call.StdOut);
            Assert.True(answered.Success, call.StdOut);
            Assert.Equal("PCMU", answered.Groups["codec"].Value);
            var stats = RtpStats().Match(call.StdOut);
            Assert.True(stats.Success, call.StdOut);
            Assert.True(int.Parse(stats.Groups["sent"].Value, CultureInfo.InvariantCulture) > 100, call.StdOut);
            Assert.True(int.Parse(stats.Groups["received"].Value, CultureInfo.InvariantCulture) > 100, call.StdOut);
            Assert.Equal("0", stats.Groups["lost"].Value);
            Assert.Contains("answered by agent echo (PCMU)", echo.Output, StringComparison.Ordinal);

            var (sent, _) = Wav.ReadMono16(reference);
            var (received, rate) = Wav.ReadMono16(recording);
            Assert.Equal(8000, rate);
            // The default duration is the WAV's length plus a second.
            Assert.InRange(received.Length, sent.Length + (rate * 9 / 10), sent.Length + (rate * 11 / 10));
            var (slices, delayMs) = SliceCorrelations(sent, received, rate);
            var median = slices.Order().ElementAt(slices.Count / 2);
            var close = slices.Count(c => c >= 0.9) / (double)slices.Count;
            output.WriteLine(FormattableString.Invariant(
                $"played at {playedRate} Hz: {slices.Count} voiced slices, median correlation {median:F4}, {close:P0} at or above 0.9, settled delay {delayMs:F1} ms; slices: {string.Join(' ', slices.Select(c => c.ToString("F3", CultureInfo.InvariantCulture)))}"));
            Assert.True(slices.Count >= 10, $"only {slices.Count} voiced slices");
            Assert.True(median >= MinMedianCorrelation, $"median correlation {median:F4}");
            Assert.InRange(delayMs, 0, 400);
        }
        finally
        {
            File.Delete(recording);
        }
    }

    [Fact]
    public async Task A_refused_call_prints_the_sip_status_and_exits_1()
    {
        // Only 10.0.0.0/8 may call this appliance: the client on loopback gets 403.
        await using var callee = ApplianceProcess.Start(["--sip:allowedNetworks:0=10.0.0.0/8"]);
        await callee.WaitReadyAsync();

        var call = await CallAsync($"sip:agent@127.0.0.1:{callee.SipPort}", "--duration", "1");

        Assert.True(call.ExitCode == 1, call.Output);
        Assert.Contains("403 Forbidden", call.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_without_a_trunk_is_a_usage_error()
    {
        var call = await CallAsync("+15551234567");

        Assert.Equal(64, call.ExitCode);
        Assert.Contains("none is configured", call.StdErr, StringComparison.Ordinal);
    }

    /// <summary>The WAV resampled by sox (an independent resampler), next to it.</summary>
    private static async Task<string> ResampleAsync(string wav, int rate)
    {
        var resampled = Path.ChangeExtension(wav, null) + $"-{rate}.wav";
        var run = await ProcessRunner.RunAsync("sox", [wav, "-r", rate.ToString(CultureInfo.InvariantCulture), "-c", "1", "-b", "16", resampled], TimeSpan.FromSeconds(20));
        Assert.True(run.ExitCode == 0, run.Output);
        return resampled;
    }

    /// <summary>
    /// What was played against the recording, in 200 ms slices of speech each aligned on its own: the jitter buffers on
    /// both sides shorten the echo delay in 20 ms steps while they settle, and a slice that straddles a step correlates
    /// poorly though nothing was lost. Returns every voiced slice's correlation and the last slice's delay.
    /// </summary>
    private static (List<double> Correlations, double DelayMs) SliceCorrelations(short[] sent, short[] received, int rate)
    {
        var length = rate / 5;
        var correlations = new List<double>();
        var delay = double.NaN;
        for (var i = 0; i + length <= sent.Length; i += length)
        {
            if (Signal.Rms(sent.AsSpan(i, length)) < 100)
            {
                continue;
            }
            var (c, lag) = Signal.BestFractionalAlignment(sent[i..], received[i..], rate / 2, length);
            correlations.Add(c);
            delay = lag * 1000 / rate;
        }
        return (correlations, delay);
    }

    [GeneratedRegex(@"^200 OK after (?<ms>\d+) ms: codec (?<codec>\w+), Call-ID ", RegexOptions.Multiline)]
    private static partial Regex Answered();

    [GeneratedRegex(@"RTP sent (?<sent>\d+) packets \(\d+ bytes\), received (?<received>\d+) packets \(\d+ bytes\), lost (?<lost>-?\d+), jitter")]
    private static partial Regex RtpStats();
}
