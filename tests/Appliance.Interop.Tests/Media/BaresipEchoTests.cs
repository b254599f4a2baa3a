using Appliance.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Media;

/// <summary>
/// baresip (a real softphone) plays audio to the echo agent; what it hears back must be a
/// delayed copy of what it sent, through the appliance's RTP, jitter buffer, codecs, resamplers
/// and pipeline.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class BaresipEchoTests(ITestOutputHelper output)
{
    private const int CallSeconds = 6;

    /// <summary>Measured 0.99 to 1.00 with G.711 and G.722; 0.95 leaves margin for a loaded machine.</summary>
    private const double MinCorrelation = 0.95;

    [Theory]
    [InlineData("PCMU/8000/1", "PCMU", 8000, "tone")]
    [InlineData("PCMU/8000/1", "PCMU", 8000, "speech")]
    [InlineData("PCMA/8000/1", "PCMA", 8000, "tone")]
    [InlineData("PCMA/8000/1", "PCMA", 8000, "speech")]
    // baresip 1.0 names G.722 by its audio rate; the SDP still says G722/8000 (RFC 3551).
    [InlineData("G722/16000/1", "G722", 16000, "tone")]
    [InlineData("G722/16000/1", "G722", 16000, "speech")]
    [InlineData("PCMU/8000/1", "PCMU", 8000, "speech", 30)]
    public async Task Echo_agent_returns_what_baresip_sent(string codec, string negotiated, int sampleRate, string source, int ptime = 20)
    {
        using var audio = new TestAudio();
        var wav = source == "tone" ? await audio.ToneAsync(sampleRate) : await audio.SpeechAsync(sampleRate);
        await using var appliance = ApplianceProcess.Start(["--defaultAgent=echo"]);
        await appliance.WaitReadyAsync();

        var call = await Baresip.CallAsync(appliance, wav, CallSeconds, codec, sampleRate, ptime);

        Assert.Contains($"answered by agent echo ({negotiated})", appliance.Output, StringComparison.Ordinal);
        Assert.True(call.SampleRate == sampleRate, $"recorded at {call.SampleRate} Hz\n{call.Log}\n{appliance.Output}");
        // The adaptive jitter buffer changes the echo delay in 20 ms steps while it converges, so
        // each 200 ms slice is aligned on its own; the figure is their energy-weighted correlation.
        var (correlation, slices) = PiecewiseCorrelation(call);
        var settled = slices[^1].DelayMs;
        output.WriteLine($"{codec} {source}: correlation {correlation:F4}, settled delay {settled:F2} ms; per slice (ms:delay(corr)): "
            + string.Join(' ', slices.Select(s => FormattableString.Invariant($"{s.AtMs}:{s.DelayMs:F1}({s.Correlation:F2})"))));
        Assert.True(slices.Count >= 10, $"only {slices.Count} voiced slices\n{call.Log}\n{appliance.Output}");
        Assert.True(correlation >= MinCorrelation, $"correlation {correlation:F4}\n{call.Log}\n{appliance.Output}");
        Assert.InRange(settled, 0, 250);
    }

    private sealed record Slice(int AtMs, double DelayMs, double Correlation);

    private static (double Correlation, List<Slice> Slices) PiecewiseCorrelation(BaresipRecording call)
    {
        var length = call.SampleRate / 5;
        var slices = new List<Slice>();
        double weighted = 0, energy = 0;
        for (var i = 0; i + length <= Math.Min(call.Sent.Length, call.Received.Length); i += length)
        {
            var rms = Signal.Rms(call.Sent.AsSpan(i, length));
            if (rms < 100)
            {
                continue;
            }
            var (c, lag) = Signal.BestFractionalAlignment(call.Sent[i..], call.Received[i..], call.SampleRate / 4, length);
            slices.Add(new Slice(i * 1000 / call.SampleRate, lag * 1000 / call.SampleRate, c));
            weighted += c * rms * rms;
            energy += rms * rms;
        }
        return (energy > 0 ? weighted / energy : 0, slices);
    }
}
