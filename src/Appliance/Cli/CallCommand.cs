using System.Net;
using System.Runtime.InteropServices;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Hosting;
using Appliance.Sip.Transport;
using Appliance.Sip.UserAgent;
using Appliance.Telephony;

namespace Appliance.Cli;

/// <summary>
/// <c>appliance call</c>: one call placed with the appliance's own SIP and media stack (SIP on an ephemeral port, RTP
/// from the configured range), a WAV played to the callee once it answers, what comes back recorded (early media
/// included), and the SIP outcome and RTP statistics printed. A smoke test for a trunk or another appliance.
/// </summary>
internal sealed class CallCommand(CallOptions options, TextWriter output)
{
    private static readonly TimeSpan RingTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(5);

    /// <summary>Time for the BYE's 200 OK to arrive (and a lost BYE to go out again at T1) before the sockets close.</summary>
    private static readonly TimeSpan ByeGrace = TimeSpan.FromMilliseconds(600);

    private readonly Lock _lock = new();
    private WavRecorder? _recorder;

    public static async Task<int> RunAsync(CallOptions options, ApplianceConfig config, ResolvedSecrets secrets)
    {
        short[]? play = null;
        var playRate = 0;
        if (options.PlayPath is { } playPath)
        {
            var wav = WavPrompt.Read(playPath);
            if (wav.Error is { } error)
            {
                Console.Error.WriteLine($"appliance: {error}");
                return ExitCodes.Usage;
            }
            (play, playRate) = (wav.Samples, wav.SampleRate);
        }
        var plan = new DialPlan(config, secrets).Resolve(options.Target, options.Trunk, callerId: null);
        if (plan.Target is not { } target)
        {
            Console.Error.WriteLine($"appliance: {(plan.Field == "trunk" ? "--trunk" : "target")}: {plan.Error}");
            return ExitCodes.Usage;
        }
        if (OutboundLeg.LocalAddressToward(target.NextHop) is not { } local)
        {
            Console.Error.WriteLine($"appliance: cannot reach {target.NextHop}: its host does not resolve or has no route");
            return ExitCodes.Failure;
        }

        var time = TimeProvider.System;
        using var loggers = LoggerFactory.Create(logging =>
        {
            LoggingSetup.Configure(logging, config.Log, time);
            logging.SetMinimumLevel(LogLevel.Warning);
        });
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        await using var media = MediaStack.Start(config.Media, time);
        await using var sip = SipStack.Start(config.Sip,
            [new SipListenerOptions(SipTransportKind.Udp, new IPEndPoint(local, 0)), new SipListenerOptions(SipTransportKind.Tcp, new IPEndPoint(local, 0))],
            new DeclineIncomingCalls(), time, loggers);
        var mediaOptions = new OutboundMediaOptions { Sessions = media.Sessions, Ports = media.Ports, Codecs = media.Codecs, PtimeMs = config.Media.PtimeMs };
        var command = new CallCommand(options, Console.Out);
        return await command.PlaceAsync(sip.Agent, target, mediaOptions, play, playRate, time, stop.Token).ConfigureAwait(false);
    }

    private async Task<int> PlaceAsync(SipUserAgent agent, DialTarget target, OutboundMediaOptions mediaOptions, short[]? play, int playRate,
        TimeProvider time, CancellationToken stop)
    {
        output.WriteLine($"Calling {target.RequestUri}{(target.OutboundProxy is { } proxy ? " via " + proxy : "")}");
        var started = time.GetTimestamp();
        var leg = OutboundLeg.Dial(agent, target, mediaOptions, OnProvisional, out var refusal);
        if (leg is null)
        {
            output.WriteLine($"Not placed: {refusal}");
            return ExitCodes.Failure;
        }
        try
        {
            var answer = await WaitForAnswerAsync(leg, time, stop).ConfigureAwait(false);
            if (answer?.Media is not { } session)
            {
                output.WriteLine(answer is null ? "No final response" : $"{answer.StatusCode} {answer.Reason}{(answer.MediaError is { } error ? ": " + error : "")}");
                return ExitCodes.Failure;
            }

            var setup = time.GetElapsedTime(started);
            output.WriteLine($"{answer.StatusCode} {answer.Reason} after {setup.TotalMilliseconds:F0} ms: codec {session.Media.Codec.Name}, Call-ID {leg.CallId}");
            var player = play is null ? null : new WavPlayer(play, playRate, leg.MediaSampleRate);
            var duration = options.Duration ?? (player is null ? DefaultDuration : TimeSpan.FromSeconds(1 + ((double)player.Length / leg.MediaSampleRate)));
            session.Connect(Recorder(leg, duration), player);

            await Task.WhenAny(leg.Sip.Ended, Task.Delay(duration, time, stop)).ConfigureAwait(false);
            var byRemote = leg.Sip.Ended.IsCompleted;
            leg.Sip.Hangup();
            var stats = session.GetStatistics();
            leg.Dispose();
            output.WriteLine($"Hung up by {(byRemote ? "the callee" : "us")} after {(time.GetElapsedTime(started) - setup).TotalSeconds:F2} s");
            output.WriteLine($"RTP sent {stats.PacketsSent} packets ({stats.BytesSent} bytes), received {stats.PacketsReceived} packets ({stats.BytesReceived} bytes), " +
                $"lost {stats.PacketsLost}, jitter {stats.Jitter.TotalMilliseconds:F2} ms");
            if (options.RecordPath is { } path && _recorder is { } recorder)
            {
                recorder.Save(path);
                output.WriteLine($"Recorded {recorder.Recorded.TotalSeconds:F2} s at {recorder.SampleRate} Hz to {path}");
            }
            await Task.Delay(ByeGrace, time, CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            leg.Dispose();
        }
    }

    /// <summary>The final answer; after the ring timeout or Ctrl+C, a CANCEL and its outcome (null if none comes).</summary>
    private static async Task<OutboundAnswer?> WaitForAnswerAsync(OutboundLeg leg, TimeProvider time, CancellationToken stop)
    {
        try
        {
            return await leg.Answered.WaitAsync(RingTimeout, time, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            leg.Sip.Hangup();
        }
        try
        {
            return await leg.Answered.WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private void OnProvisional(OutboundLeg leg, SipProvisional provisional)
    {
        var early = provisional.Sdp is not null && leg.Media is not null;
        output.WriteLine($"{provisional.StatusCode} {provisional.Reason}{(early ? " (early media)" : "")}");
        if (early && Recorder(leg, RingTimeout) is { } recorder)
        {
            leg.Media!.Connect(recorder, null);
        }
    }

    /// <summary>The one recorder, made when media first starts (early or answered) at the session's rate; null when not recording.</summary>
    private WavRecorder? Recorder(OutboundLeg leg, TimeSpan expected)
    {
        if (options.RecordPath is null)
        {
            return null;
        }
        lock (_lock)
        {
            return _recorder ??= new WavRecorder(leg.MediaSampleRate, expected);
        }
    }

    /// <summary>The client takes no calls.</summary>
    private sealed class DeclineIncomingCalls : ISipCallHandler
    {
        public void OnIncomingCall(IncomingCall call) => call.Reject(603, "Decline");
    }
}
