using System.Globalization;
using Appliance.Interop.Tests.Infrastructure;
using Appliance.Providers.Tests.Realtime.Fakes;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>
/// PCMU on the line and PCMU to the model: the G.711 bytes pass through untouched in both directions. The audio is
/// espeak-ng speech µ-law encoded by the reference encoder, which yields 0x7F (negative zero) on quiet negative
/// samples; decoding and re-encoding would turn every 0x7F into 0xFF, so byte equality proves there is no transcoding.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class PcmuPassThroughTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly SpeechClips _clips = new();
    private readonly FakeOpenAiRealtimeServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _clips.Dispose();
    }

    [Fact]
    public async Task Bytes_appended_to_the_model_are_the_rtp_payloads_sipp_streamed()
    {
        byte[] speech = await _clips.UlawAsync("Hello, I would like to book an appointment for next Tuesday afternoon, please.");
        Assert.Contains((byte)0x7F, speech);
        string file = Path.Combine(_clips.Directory, "speech.ulaw");
        await File.WriteAllBytesAsync(file, speech);
        string scenario = Path.Combine(_clips.Directory, "stream.xml");
        await File.WriteAllTextAsync(scenario, (await File.ReadAllTextAsync(SippCaller.Scenario("realtime_caller_streams_ulaw.xml"))).Replace("@ULAW@", file, StringComparison.Ordinal));
        await using var appliance = await RealtimeAppliance.StartAsync(_clips.Directory, RealtimeAppliance.Agent("openai", _server.Endpoint));

        int holdMs = (speech.Length / 8) + 1500;
        ProcessResult result = await Sipp.RunAsync(appliance, scenario, SipTransport.Udp, extra: ["-d", holdMs.ToString(CultureInfo.InvariantCulture)]);

        Assert.True(result.ExitCode == 0, result.Output);
        byte[] appended = _server.AppendedAudio;
        int frames = speech.Length / RtpPeer.FrameBytes;
        int exact = Ulaw.FramesFound(appended, speech, exact: true);
        int transcoded = Ulaw.FramesFound(Ulaw.Encode(Ulaw.Decode(speech)), speech, exact: true);
        output.WriteLine($"{frames} frames streamed ({speech.Count(b => b == 0x7F)} bytes 0x7F); {exact} appended byte for byte " +
            $"(a decode/encode round trip would keep {transcoded}); {appended.Length} bytes appended in all");
        Assert.InRange(exact, frames - 3, frames);
        Assert.True(frames - transcoded > 20, "enough frames carry 0x7F to tell pass-through from transcoding");
    }

    [Fact]
    public async Task Rtp_payloads_to_the_caller_are_the_bytes_of_the_model_audio_deltas()
    {
        byte[] reply = await _clips.UlawAsync("Certainly. Tuesday at three in the afternoon is free.");
        Assert.Contains((byte)0x7F, reply);
        using var rtp = new RtpPeer();
        await using var appliance = await RealtimeAppliance.StartAsync(_clips.Directory, RealtimeAppliance.Agent("openai", _server.Endpoint));
        var call = SippCaller.CallerHangsUpAsync(appliance, rtp, TimeSpan.FromMilliseconds((reply.Length / 8) + 3000));
        await Poll.ForAsync(_server.WaitForAsync(m => FakeOpenAiRealtimeServer.IsType(m, "session.update")), "session.update", appliance);
        await rtp.Remote.WaitAsync(TimeSpan.FromSeconds(10));

        int before = rtp.Received.Count;
        await _server.RespondAsync("resp_1", "item_A1", reply, "Certainly. Tuesday at three in the afternoon is free.");
        await Poll.UntilAsync(() => Ulaw.Find(rtp.ReceivedAudio(before), reply) >= 0, "the reply in the caller's RTP", appliance);

        byte[] heard = rtp.ReceivedAudio(before);
        output.WriteLine($"{reply.Length} bytes of model audio ({reply.Count(b => b == 0x7F)} of them 0x7F); found byte for byte at {heard.AsSpan().IndexOf(reply)}");
        Assert.True(heard.AsSpan().IndexOf(reply) >= 0, "the model's bytes reach the caller unchanged");

        ProcessResult result = await call;
        Assert.True(result.ExitCode == 0, result.Output);
    }
}
