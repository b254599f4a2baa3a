using System.Collections.Concurrent;
using Appliance.Pipeline.Agents;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Appliance.Calls;

/// <summary>Outbound calls: dial, ring, answer into the agent's pipeline, or settle how the attempt failed.</summary>
public sealed partial class CallManager
{
    private readonly ConcurrentDictionary<string, PlacedCall> _placed = new(StringComparer.Ordinal);
    private SipUserAgent? _agent;

    /// <summary>Gives the manager the user agent it places calls through (the agent needs the manager as its call handler first).</summary>
    public void UseUserAgent(SipUserAgent agent) => _agent = agent;

    public OriginateResult Originate(OutboundCallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agent = request.Route.Agent ?? throw new ArgumentException("The route names no agent.", nameof(request));
        if (_agent is not { } userAgent)
        {
            return new OriginateResult(null, DialRefusal.NotRunning);
        }
        switch (_admission.TryAdmit())
        {
            case AdmissionRefusal.Draining:
                LogRefused(_logger, "draining", _admission.Active, _admission.MaxConcurrentCalls);
                return new OriginateResult(null, DialRefusal.Draining);
            case AdmissionRefusal.AtCapacity:
                LogRefused(_logger, "capacity", _admission.Active, _admission.MaxConcurrentCalls);
                return new OriginateResult(null, DialRefusal.AtCapacity);
        }

        var record = new CallRecord(new CallStatus
        {
            Id = "",
            Direction = CallDirection.Outbound,
            From = request.Target.FromUser,
            To = request.To,
            Trunk = request.Route.Trunk,
            Agent = agent.Name,
            CreatedAt = _time.GetUtcNow(),
        });
        var placed = new PlacedCall(request, record);
        // The call outlives whoever placed it: its timers and continuations must not carry the caller's ambient
        // context along (an HTTP request's logging scope would otherwise tag every line of the call).
        var flow = ExecutionContext.IsFlowSuppressed() ? (AsyncFlowControl?)null : ExecutionContext.SuppressFlow();
        try
        {
            return Dial(userAgent, placed, agent);
        }
        finally
        {
            flow?.Undo();
        }
    }

    private OriginateResult Dial(SipUserAgent userAgent, PlacedCall placed, AgentDefinition agent)
    {
        var request = placed.Request;
        var record = placed.Record;
        OutboundLeg? leg;
        DialRefusal refusal;
        try
        {
            leg = OutboundLeg.Dial(userAgent, request.Target, MediaOptionsFor(agent), (leg, provisional) => OnProgress(placed, leg, provisional), out refusal);
        }
        catch
        {
            _admission.Release();
            throw;
        }
        if (leg is null)
        {
            _admission.Release();
            LogNotPlaced(_logger, request.Target.RequestUri, refusal.ToString());
            return new OriginateResult(null, refusal);
        }

        placed.Leg = leg;
        record.Bind(leg.CallId);
        _registry.Add(record);
        _placed[leg.CallId] = placed;
        using (_logger.BeginScope(new CallScope(leg.CallId)))
        {
            LogDialing(_logger, request.Target.RequestUri, agent.Name);
        }
        placed.RingTimer = _time.CreateTimer(_ => Abandon(placed, CallEndReason.NoAnswer, "no answer within the ring timeout"), null, _options.RingTimeout, Timeout.InfiniteTimeSpan);
        _ = leg.Sip.Ended.ContinueWith(ended => FinishOutboundAsync(placed, ended.Result), TaskScheduler.Default);
        _ = leg.Answered.ContinueWith(answer => OnOutboundAnsweredAsync(placed, answer.Result), TaskScheduler.Default);
        return new OriginateResult(record.Snapshot(), DialRefusal.None);
    }

    private OutboundMediaOptions MediaOptionsFor(AgentDefinition agent) => new()
    {
        Sessions = _media,
        Ports = _ports,
        Codecs = _options.Codecs,
        PtimeMs = _options.PtimeMs,
        AdvertisedAddress = _options.AdvertisedMediaAddress,
        SampleRate = PipelineRate(agent),
    };

    private void OnProgress(PlacedCall placed, OutboundLeg leg, SipProvisional provisional)
    {
        placed.Record.Progress(leg.HadEarlyMedia);
        if (leg.Media is { } media && provisional.Sdp is not null)
        {
            placed.Record.MediaStarted(media, media.Media.Codec.Name);
        }
    }

    /// <summary>Our side gives up before the answer (API, ring timeout, shutdown): CANCEL, and the call's end reports <paramref name="reason"/>.</summary>
    private void Abandon(PlacedCall placed, CallEndReason reason, string why)
    {
        lock (placed.Sync)
        {
            if (placed.Finished)
            {
                return;
            }
            if (placed.Call is { } answered)
            {
                // Answered meanwhile: hang it up, unless it was only the ring timer (which lost the race).
                if (reason != CallEndReason.NoAnswer)
                {
                    answered.Hangup(reason, why);
                }
                return;
            }
            placed.LocalReason ??= reason;
        }
        using (_logger.BeginScope(new CallScope(placed.Record.Id)))
        {
            LogAbandoned(_logger, why);
        }
        placed.Leg.Sip.Hangup();
    }

    private async Task OnOutboundAnsweredAsync(PlacedCall placed, OutboundAnswer answer)
    {
        var leg = placed.Leg;
        using var scope = _logger.BeginScope(new CallScope(leg.CallId));
        placed.RingTimer?.Dispose();
        if (answer.Media is not { } media)
        {
            if (answer.MediaError is { } error)
            {
                LogAnswerUnusable(_logger, error);
            }
            // The 487 to our CANCEL lands after the call was reported ended.
            placed.Record.LateFinalStatus(answer.StatusCode, answer.Reason);
            return;
        }

        ActiveCall? call = null;
        try
        {
            var request = placed.Request;
            var agent = request.Route.Agent!;
            lock (placed.Sync)
            {
                if (placed.Finished)
                {
                    return;
                }
                var codec = media.Media.Codec.Name;
                var logger = _loggers.CreateLogger("Appliance.Calls.Call");
                call = new ActiveCall(leg.Sip, leg.Negotiator, placed.Record, placed.Record.Snapshot().CreatedAt, _time, logger)
                {
                    TransferDomain = DomainOf(request.Target.RequestUri),
                };
                placed.Record.MediaStarted(media, codec);
                placed.Record.Answered(_time.GetUtcNow(), answer.StatusCode, answer.Reason);
                var pipeline = CreatePipeline(request.Route, call, leg.MediaSampleRate, logger, new CallInfo
                {
                    CallId = leg.CallId,
                    Direction = CallDirection.Outbound,
                    From = request.Target.FromUser,
                    To = request.To,
                    Trunk = request.Route.Trunk,
                    Headers = request.Target.Headers,
                    Variables = request.Variables,
                    Codec = codec,
                });
                call.Attach(media, pipeline);
                leg.Observer = call;
                placed.Call = call;
                _calls[leg.CallId] = call;
            }
            await call.StartAsync().ConfigureAwait(false);
            LogOutboundAnswered(_logger, request.To, agent.Name, media.Media.Codec.Name);
        }
        catch (Exception ex)
        {
            LogSetupFailed(_logger, ex);
            lock (placed.Sync)
            {
                placed.LocalReason ??= CallEndReason.SetupFailed;
            }
            if (call is not null)
            {
                call.Hangup(CallEndReason.SetupFailed, "setup failed");
            }
            else
            {
                leg.Sip.Hangup();
            }
        }
    }

    private async Task FinishOutboundAsync(PlacedCall placed, SipCallEnd end)
    {
        var leg = placed.Leg;
        using var scope = _logger.BeginScope(new CallScope(leg.CallId));
        ActiveCall? call;
        lock (placed.Sync)
        {
            placed.Finished = true;
            call = placed.Call;
        }
        placed.RingTimer?.Dispose();
        var reason = placed.LocalReason ?? (leg.AnswerError is not null ? CallEndReason.Failed : CallEndReasons.FromSip(end));
        try
        {
            if (call is not null)
            {
                reason = await call.TearDownAsync(end).ConfigureAwait(false);
            }
        }
        finally
        {
            leg.Dispose();
            if (call is not null)
            {
                _calls.TryRemove(new KeyValuePair<string, ActiveCall>(leg.CallId, call));
            }
            _placed.TryRemove(leg.CallId, out _);
            _admission.Release();

            var now = _time.GetUtcNow();
            var status = placed.Record.Snapshot();
            var disposition = Disposition(placed, call is not null, end);
            placed.Record.Ended(now, disposition, reason, end.ByRemote, end.StatusCode, leg.AnswerError ?? end.Detail);
            _registry.Retire(placed.Record);
            _metrics.Outbound(disposition, placed.Record.Snapshot().SipStatus);
            if (status.AnsweredAt is { } answeredAt)
            {
                _metrics.AnsweredCallEnded(now - answeredAt);
            }
            LogOutboundEnded(_logger, disposition.ToString(), reason.ToString(), (now - status.CreatedAt).TotalSeconds);
        }
    }

    private static CallDisposition Disposition(PlacedCall placed, bool answered, SipCallEnd end)
    {
        if (placed.Leg.AnswerError is not null)
        {
            return CallDisposition.Failed;
        }
        if (answered)
        {
            return CallDisposition.Answered;
        }
        return end.Reason switch
        {
            SipCallEndReason.Cancelled or SipCallEndReason.Hangup => placed.LocalReason switch
            {
                CallEndReason.NoAnswer => CallDisposition.NoAnswer,
                CallEndReason.SetupFailed => CallDisposition.Failed,
                _ => CallDisposition.Cancelled,
            },
            SipCallEndReason.Failed when end.StatusCode >= 300 => CallDispositions.FromFailureStatus(end.StatusCode),
            _ => CallDisposition.Failed,
        };
    }

    [LoggerMessage(LogLevel.Information, "Dialing {Target} for agent {Agent}")]
    private static partial void LogDialing(ILogger logger, string target, string agent);

    [LoggerMessage(LogLevel.Warning, "Call to {Target} not placed: {Refusal}")]
    private static partial void LogNotPlaced(ILogger logger, string target, string refusal);

    [LoggerMessage(LogLevel.Information, "Abandoning the call: {Why}")]
    private static partial void LogAbandoned(ILogger logger, string why);

    [LoggerMessage(LogLevel.Warning, "Answer unusable, hanging up: {Error}")]
    private static partial void LogAnswerUnusable(ILogger logger, string error);

    [LoggerMessage(LogLevel.Information, "Call to {To} answered, agent {Agent} ({Codec})")]
    private static partial void LogOutboundAnswered(ILogger logger, string to, string agent, string codec);

    [LoggerMessage(LogLevel.Information, "Outbound call ended: {Disposition}, {Reason}, after {Seconds:F1} s")]
    private static partial void LogOutboundEnded(ILogger logger, string disposition, string reason, double seconds);
}
