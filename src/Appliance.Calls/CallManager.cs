using System.Collections.Concurrent;
using System.Security.Cryptography;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Runtime;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Appliance.Calls;

/// <summary>
/// Answers calls: admits or refuses each INVITE, routes it to an agent, negotiates SDP, allocates
/// RTP ports, starts the media session and the agent's pipeline, and tears all of it down when
/// any side ends the call. Also the drain participant for graceful shutdown.
/// </summary>
public sealed partial class CallManager : ISipCallHandler, IAsyncDisposable
{
    private readonly CallManagerOptions _options;
    private readonly CallAdmission _admission;
    private readonly ICallRouter _router;
    private readonly RtpPortAllocator _ports;
    private readonly MediaSessionFactory _media;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CallMetrics _metrics;
    private readonly PipelineMetrics? _pipelineMetrics;
    private readonly ConcurrentDictionary<string, ActiveCall> _calls = new();

    public CallManager(
        CallManagerOptions options, CallAdmission admission, ICallRouter router, RtpPortAllocator ports,
        MediaSessionFactory media, TimeProvider time, ILoggerFactory loggers, CallMetrics metrics, PipelineMetrics? pipelineMetrics = null)
    {
        _options = options;
        _admission = admission;
        _router = router;
        _ports = ports;
        _media = media;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Appliance.Calls");
        _metrics = metrics;
        _pipelineMetrics = pipelineMetrics;
        metrics.Observe(() => _calls.Count);
    }

    public int ActiveCalls => _calls.Count;

    public void OnIncomingCall(IncomingCall call)
    {
        using var scope = _logger.BeginScope(new CallScope(call.CallId));
        switch (_admission.TryAdmit())
        {
            case AdmissionRefusal.Draining:
                Refuse(call, 503, "Service Unavailable (draining)", "draining");
                return;
            case AdmissionRefusal.AtCapacity:
                Refuse(call, 503, "Service Unavailable (at capacity)", "capacity");
                return;
        }

        var route = _router.Route(new IncomingCallInfo(call.CallId, call.FromUser, call.ToUser, call.RequestUser, call.RemoteEndPoint, call.CustomHeaders));
        if (route.Agent is null)
        {
            _admission.Release();
            LogRejected(_logger, call.FromUser, call.RequestUser, route.RejectStatus, route.RejectReason!);
            call.Reject(route.RejectStatus, route.RejectReason!);
            _metrics.Rejected(route.RejectStatus);
            return;
        }

        // Setup binds sockets and starts processors: off the transport thread that delivered the INVITE.
        _ = Task.Run(() => AnswerAsync(call, route));
    }

    private void Refuse(IncomingCall call, int status, string reason, string why)
    {
        LogRefused(_logger, why, _admission.Active, _admission.MaxConcurrentCalls);
        call.Reject(status, reason, _options.RetryAfter);
        _metrics.Rejected(status);
    }

    private async Task AnswerAsync(IncomingCall sip, CallRoute route)
    {
        using var scope = _logger.BeginScope(new CallScope(sip.CallId));
        ActiveCall? call = null;
        try
        {
            call = Prepare(sip, route);
            if (call is null)
            {
                _admission.Release();
                return;
            }
            _ = sip.Ended.ContinueWith(ended => FinishAsync(call, ended.Result), TaskScheduler.Default);
            await call.StartAsync().ConfigureAwait(false);

            if (route.AnswerDelay > TimeSpan.Zero)
            {
                sip.Ring();
                await Task.Delay(route.AnswerDelay, _time).ConfigureAwait(false);
            }
            if (sip.State != SipCallState.Setup || !sip.Accept(call.AnswerSdp))
            {
                // Cancelled while ringing: the Ended continuation tears down.
                return;
            }
            LogAnswered(_logger, sip.FromUser, sip.RequestUser, route.Agent!.Name, call.Codec);
            _metrics.Answered();
        }
        catch (Exception ex)
        {
            // Anything unexpected while setting up fails this call alone, never the process.
            LogSetupFailed(_logger, ex);
            if (call is null)
            {
                _admission.Release();
                sip.Reject(500, "Server Internal Error");
            }
            else
            {
                call.Hangup("setup failed");
            }
        }
    }

    /// <summary>Negotiates, allocates and builds the call; answers the caller's error and returns null when it cannot.</summary>
    private ActiveCall? Prepare(IncomingCall sip, CallRoute route)
    {
        if (sip.RemoteSdp is not { } offerText)
        {
            sip.Reject(488, "Not Acceptable Here (an SDP offer is required)");
            _metrics.Rejected(488);
            return null;
        }
        var offer = SdpParser.Parse(offerText);
        if (!offer.Success)
        {
            LogBadOffer(_logger, offer.Error.ToString(), offer.Line);
            sip.Reject(400, $"Bad Request (malformed SDP at line {offer.Line})");
            _metrics.Rejected(400);
            return null;
        }

        var allocation = _ports.Allocate();
        if (!allocation.Success)
        {
            LogNoPorts(_logger, _ports.Allocated, _ports.Capacity);
            sip.Reject(503, "Service Unavailable (no media ports)", _options.RetryAfter);
            _metrics.Rejected(503);
            return null;
        }
        var ports = allocation.Ports!;
        var negotiator = new SdpNegotiator(
            new SdpLocalOptions
            {
                Codecs = _options.Codecs,
                Address = MediaAddress.For(sip.RemoteEndPoint, _options.AdvertisedMediaAddress),
                RtpPort = ports.RtpPort,
                Ptime = _options.PtimeMs,
            },
            BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 2);
        var answer = negotiator.CreateAnswer(offer.Description!);
        if (!answer.Success)
        {
            ports.Dispose();
            LogNoCommonCodec(_logger, answer.Status.ToString());
            sip.Reject(488, "Not Acceptable Here (no common codec)");
            _metrics.Rejected(488);
            return null;
        }

        var logger = _loggers.CreateLogger("Appliance.Calls.Call");
        var call = new ActiveCall(sip, negotiator, _time.GetUtcNow(), logger)
        {
            AnswerSdp = answer.Answer!.ToString(),
            Codec = answer.Media!.Codec.Name,
        };
        var media = _media.Create(answer.Media!, ports, call);
        var pipeline = CallPipeline.Create(route.Agent!, new CallPipelineOptions
        {
            CallId = sip.CallId,
            SampleRate = _options.PipelineSampleRate,
            TimeProvider = _time,
            Logger = logger,
            Metrics = _pipelineMetrics,
            VoiceActivityDetectorFactory = route.VoiceActivityDetector,
            TurnTaking = route.TurnTaking,
            Recording = route.Recording,
        });
        call.Attach(media, pipeline);
        _calls[sip.CallId] = call;
        return call;
    }

    private async Task FinishAsync(ActiveCall call, SipCallEnd end)
    {
        using var scope = _logger.BeginScope(new CallScope(call.CallId));
        try
        {
            await call.TearDownAsync(end).ConfigureAwait(false);
        }
        finally
        {
            _calls.TryRemove(call.CallId, out _);
            _admission.Release();
            var duration = _time.GetUtcNow() - call.Started;
            _metrics.Ended(end.Reason.ToString(), duration);
            LogEnded(_logger, end.Reason.ToString(), end.ByRemote ? "caller" : "appliance", duration.TotalSeconds);
        }
    }

    public void BeginDrain() => _admission.BeginDrain();

    public Task WaitIdleAsync(CancellationToken cancellationToken) => _admission.WaitIdleAsync(cancellationToken);

    /// <summary>Hangs up every live call and waits (bounded) for their teardown.</summary>
    public async Task HangupAllAsync(CancellationToken cancellationToken)
    {
        var calls = _calls.Values.ToArray();
        foreach (var call in calls)
        {
            call.Hangup("shutting down");
        }
        try
        {
            await Task.WhenAll(calls.Select(c => c.Finished.Task)).WaitAsync(TimeSpan.FromSeconds(5), _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogTeardownSlow(_logger, calls.Count(c => !c.Finished.Task.IsCompleted));
        }
    }

    public async ValueTask DisposeAsync() => await HangupAllAsync(CancellationToken.None).ConfigureAwait(false);

    [LoggerMessage(LogLevel.Information, "Call from {From} to {To} answered by agent {Agent} ({Codec})")]
    private static partial void LogAnswered(ILogger logger, string from, string to, string agent, string codec);

    [LoggerMessage(LogLevel.Information, "Call ended: {Reason}, by {Side}, after {Seconds:F1} s")]
    private static partial void LogEnded(ILogger logger, string reason, string side, double seconds);

    [LoggerMessage(LogLevel.Warning, "Call refused ({Why}): {Active} of {Max} calls live")]
    private static partial void LogRefused(ILogger logger, string why, int active, int max);

    [LoggerMessage(LogLevel.Information, "Call from {From} to {To} rejected {Status} {Reason}")]
    private static partial void LogRejected(ILogger logger, string from, string to, int status, string reason);

    [LoggerMessage(LogLevel.Warning, "Offer SDP malformed: {Error} at line {Line}")]
    private static partial void LogBadOffer(ILogger logger, string error, int line);

    [LoggerMessage(LogLevel.Warning, "No common codec with the offer ({Status})")]
    private static partial void LogNoCommonCodec(ILogger logger, string status);

    [LoggerMessage(LogLevel.Error, "RTP ports exhausted ({Allocated} of {Capacity} pairs in use)")]
    private static partial void LogNoPorts(ILogger logger, int allocated, int capacity);

    [LoggerMessage(LogLevel.Error, "Call setup failed")]
    private static partial void LogSetupFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "{Count} calls did not finish tearing down in time")]
    private static partial void LogTeardownSlow(ILogger logger, int count);
}
