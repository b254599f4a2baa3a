using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Runtime;
using Appliance.Sip.Message;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Appliance.Calls;

/// <summary>
/// Answers and places calls: admits or refuses each, routes incoming ones to an agent, negotiates SDP, allocates RTP
/// ports, starts the media session and the agent's pipeline, and tears all of it down when any side ends the call.
/// Keeps every call's status (and recent ended ones) for the call API. Also the drain participant for graceful shutdown.
/// </summary>
public sealed partial class CallManager : ISipCallHandler, ICallControl, IAsyncDisposable
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
    private readonly CallRegistry _registry;

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
        _registry = new CallRegistry(options.HistoryLimit);
        metrics.Observe(() => _registry.LiveCount);
    }

    /// <summary>Calls live right now (ringing, dialing or answered).</summary>
    public int ActiveCalls => _registry.LiveCount;

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
            call = Prepare(sip, route, out var answerSdp);
            if (call is null)
            {
                _admission.Release();
                return;
            }
            _ = sip.Ended.ContinueWith(ended => FinishIncomingAsync(call, ended.Result), TaskScheduler.Default);
            await call.StartAsync().ConfigureAwait(false);

            if (route.AnswerDelay > TimeSpan.Zero)
            {
                sip.Ring();
                await Task.Delay(route.AnswerDelay, _time).ConfigureAwait(false);
            }
            if (sip.State != SipCallState.Setup || !sip.Accept(answerSdp))
            {
                // Cancelled while ringing: the Ended continuation tears down.
                return;
            }
            call.Record.Answered(_time.GetUtcNow(), 200, "OK");
            LogAnswered(_logger, sip.FromUser, sip.RequestUser, route.Agent!.Name, call.Record.Snapshot().Codec ?? "");
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
                call.Hangup(CallEndReason.SetupFailed, "setup failed");
            }
        }
    }

    /// <summary>Negotiates, allocates and builds the call; answers the caller's error and returns null when it cannot.</summary>
    private ActiveCall? Prepare(IncomingCall sip, CallRoute route, out string answerSdp)
    {
        answerSdp = "";
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

        var codec = answer.Media!.Codec;
        var now = _time.GetUtcNow();
        var record = new CallRecord(new CallStatus
        {
            Id = sip.CallId,
            Direction = CallDirection.Inbound,
            State = CallState.Ringing,
            From = sip.FromUser.Length > 0 ? sip.FromUser : sip.FromUri,
            To = sip.RequestUser.Length > 0 ? sip.RequestUser : sip.ToUser.Length > 0 ? sip.ToUser : sip.RequestUri,
            Trunk = route.Trunk,
            Agent = route.Agent!.Name,
            CreatedAt = now,
        });
        var logger = _loggers.CreateLogger("Appliance.Calls.Call");
        var call = new ActiveCall(sip, negotiator, record, now, _time, logger) { TransferDomain = DomainOf(sip.FromUri) };
        var rate = PipelineRate(route.Agent!) ?? CodecRates.SampleRate(codec);
        var media = _media.Create(answer.Media, ports, call, _media.Options with { PipelineSampleRate = rate });
        record.MediaStarted(media, codec.Name);
        CallPipeline pipeline;
        try
        {
            var status = record.Snapshot();
            pipeline = CreatePipeline(route, call, rate, logger, new CallInfo
            {
                CallId = sip.CallId,
                Direction = CallDirection.Inbound,
                From = status.From,
                To = status.To,
                Trunk = route.Trunk,
                Headers = sip.CustomHeaders,
                Codec = codec.Name,
            });
        }
        catch
        {
            // The caller gets a 500 from AnswerAsync; the ports must not leak with the call.
            media.Dispose();
            throw;
        }
        call.Attach(media, pipeline);
        answerSdp = answer.Answer!.ToString();
        _calls[sip.CallId] = call;
        _registry.Add(record);
        return call;
    }

    /// <summary>The pipeline's PCM rate: the configured one, or null for agents that take the negotiated codec's own rate.</summary>
    private int? PipelineRate(AgentDefinition agent) => agent.RunsAtCodecRate ? null : _options.PipelineSampleRate;

    private CallPipeline CreatePipeline(CallRoute route, ActiveCall call, int sampleRate, ILogger logger, CallInfo info) =>
        CallPipeline.Create(route.Agent!, new CallPipelineOptions
        {
            CallId = call.CallId,
            SampleRate = sampleRate,
            TimeProvider = _time,
            Logger = logger,
            Metrics = _pipelineMetrics,
            VoiceActivityDetectorFactory = route.VoiceActivityDetector,
            TurnTaking = route.TurnTaking,
            Recording = route.Recording,
            Call = info,
            Actions = call,
            Ended = call.Outcome,
        });

    private async Task FinishIncomingAsync(ActiveCall call, SipCallEnd end)
    {
        using var scope = _logger.BeginScope(new CallScope(call.CallId));
        var reason = CallEndReasons.FromSip(end);
        try
        {
            reason = await call.TearDownAsync(end).ConfigureAwait(false);
        }
        finally
        {
            _calls.TryRemove(new KeyValuePair<string, ActiveCall>(call.CallId, call));
            _admission.Release();
            var now = _time.GetUtcNow();
            var status = call.Record.Snapshot();
            var disposition = status.AnsweredAt is not null ? CallDisposition.Answered
                : end.Reason == SipCallEndReason.Cancelled ? CallDisposition.Cancelled
                : CallDisposition.Rejected;
            call.Record.Ended(now, disposition, reason, end.ByRemote, end.StatusCode, end.Detail);
            _registry.Retire(call.Record);
            var duration = now - call.Started;
            _metrics.Ended(end.Reason.ToString(), duration);
            LogEnded(_logger, end.Reason.ToString(), end.ByRemote ? "caller" : "appliance", duration.TotalSeconds, reason.ToString());
        }
    }

    public void BeginDrain() => _admission.BeginDrain();

    public Task WaitIdleAsync(CancellationToken cancellationToken) => _admission.WaitIdleAsync(cancellationToken);

    /// <summary>Hangs up every live call, answered or still dialing, and waits (bounded) for their teardown.</summary>
    public async Task HangupAllAsync(CancellationToken cancellationToken)
    {
        foreach (var call in _calls.Values)
        {
            call.Hangup(CallEndReason.Shutdown, "shutting down");
        }
        foreach (var placed in _placed.Values)
        {
            Abandon(placed, CallEndReason.Shutdown, "shutting down");
        }
        var live = _registry.LiveRecords();
        try
        {
            await Task.WhenAll(live.Select(r => r.Finished)).WaitAsync(TimeSpan.FromSeconds(5), _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogTeardownSlow(_logger, live.Count(r => !r.Finished.IsCompleted));
        }
    }

    public CallStatus? Find(string id) => _registry.Find(id)?.Snapshot();

    public IReadOnlyList<CallStatus> List() => _registry.List();

    public async Task<CallStatus?> HangupAsync(string id, CancellationToken cancellationToken)
    {
        if (_registry.Find(id) is not { } record)
        {
            return null;
        }
        using (_logger.BeginScope(new CallScope(id)))
        {
            if (_calls.TryGetValue(id, out var call))
            {
                call.Hangup(CallEndReason.LocalHangup, "hung up through the call API");
            }
            else if (_placed.TryGetValue(id, out var placed))
            {
                Abandon(placed, CallEndReason.Cancelled, "cancelled through the call API");
            }
        }
        try
        {
            await record.Finished.WaitAsync(TimeSpan.FromSeconds(5), _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Still tearing down, or the client went away: the hang-up goes on; the status says where it stands.
        }
        return record.Snapshot();
    }

    public async ValueTask DisposeAsync() => await HangupAllAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>"host[:port]" of a SIP URI, or null.</summary>
    private static string? DomainOf(string uri)
    {
        if (!SipUri.TryParse(Encoding.UTF8.GetBytes(uri), out var parsed) || parsed.Host.IsEmpty)
        {
            return null;
        }
        var host = Encoding.UTF8.GetString(parsed.Host.Span);
        return parsed.Port > 0 ? $"{host}:{parsed.Port}" : host;
    }

    [LoggerMessage(LogLevel.Information, "Call from {From} to {To} answered by agent {Agent} ({Codec})")]
    private static partial void LogAnswered(ILogger logger, string from, string to, string agent, string codec);

    [LoggerMessage(LogLevel.Information, "Call ended: {SipReason}, by {Side}, after {Seconds:F1} s ({Reason})")]
    private static partial void LogEnded(ILogger logger, string sipReason, string side, double seconds, string reason);

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
