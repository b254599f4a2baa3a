namespace Appliance.Interop.Tests.Infrastructure;

/// <summary>What a baresip call sent and received, as recorded by its sndfile module.</summary>
internal sealed record BaresipRecording(short[] Sent, short[] Received, int SampleRate, string Log);

/// <summary>
/// baresip (apt) as a real softphone: dials the appliance, plays a WAV as its microphone, and
/// records both directions with the sndfile module (-enc.wav is what it sent, -dec.wav what it heard).
/// </summary>
internal static class Baresip
{
    private static int s_rtpRange = Random.Shared.Next(0, 1000);

    public static async Task<BaresipRecording> CallAsync(ApplianceProcess appliance, string inputWav, int seconds, string codec = "PCMU/8000/1", int sampleRate = 8000, int ptime = 20)
    {
        var dir = Directory.CreateTempSubdirectory("baresip-").FullName;
        try
        {
            var recordings = Path.Combine(dir, "rec");
            Directory.CreateDirectory(recordings);
            // baresip also binds SIP over TLS on sip_listen's port + 1: both must be free.
            var sipPort = FreePort.NextPair();
            // Concurrent calls in one test get disjoint RTP ranges (a random start collided).
            var rtpStart = 40000 + (Interlocked.Increment(ref s_rtpRange) % 1000 * 20);
            await File.WriteAllTextAsync(Path.Combine(dir, "config"), $"""
                poll_method		epoll
                sip_listen		127.0.0.1:{sipPort}
                audio_player		aufile,{recordings}/speaker.wav
                audio_source		aufile,{inputWav}
                audio_alert		aufile,{recordings}/alert.wav
                ausrc_srate		{sampleRate}
                auplay_srate		{sampleRate}
                audio_channels		1
                rtp_ports		{rtpStart}-{rtpStart + 20}
                module_path		/usr/lib/baresip/modules
                module			g711.so
                module			g722.so
                module			aufile.so
                module			sndfile.so
                module_app		account.so
                module_app		menu.so
                snd_path		{recordings}

                """);
            await File.WriteAllTextAsync(Path.Combine(dir, "accounts"), $"<sip:tester@127.0.0.1>;regint=0;audio_codecs={codec};ptime={ptime};answermode=auto\n");

            var run = await ProcessRunner.RunAsync(
                "baresip", ["-f", dir, "-e", $"/dial sip:agent@127.0.0.1:{appliance.SipPort}", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                TimeSpan.FromSeconds(seconds + 30));
            if (run.Output.Contains("audio codec not found", StringComparison.Ordinal))
            {
                // baresip silently falls back to every codec it has; a typo must not pass as PCMU.
                throw new ArgumentException($"baresip has no codec {codec} (it names them as in its 'aucodec:' lines):\n{run.Output}", nameof(codec));
            }
            var sent = Directory.GetFiles(recordings, "dump-*-enc.wav").SingleOrDefault();
            var received = Directory.GetFiles(recordings, "dump-*-dec.wav").SingleOrDefault();
            if (sent is null || received is null)
            {
                throw new InvalidOperationException($"baresip recorded nothing; its log:\n{run.Output}\nappliance:\n{appliance.Output}");
            }
            var (sentSamples, sentRate) = Wav.ReadMono16(sent);
            var (receivedSamples, _) = Wav.ReadMono16(received);
            return new BaresipRecording(sentSamples, receivedSamples, sentRate, run.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
