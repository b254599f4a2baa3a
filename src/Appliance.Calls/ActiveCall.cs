using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Pipeline.Agents;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Appliance.Calls;

/// <summary>
/// One live call with its agent, either direction: its SIP dialog, its media session and its pipeline, and the rules
/// that end all three together whichever fails first (BYE from either side, media timeout, pipeline error). It is the
/// agent's <see cref="ICallActions"/>.
/// </summary>
internal sealed partial class ActiveCall : IMediaSessionObserver
{
    private readonly SipCall _sip;
    private readonly SdpNegotiator _negotiator;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<CallOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MediaSession? _media;
    private CallPipeline? _pipeline;
    private int _ended;

    // The first local reason to hang up (CallEndReason + 1; 0 while none): what the call's end is reported as.
    private int _localReason;

    public ActiveCall(SipCall sip, SdpNegotiator negotiator, CallRecord record, DateTimeOffset started, TimeProvider time, ILogger logger)
    {
        _sip = sip;
        _negotiator = negotiator;
        _time = time;
        _logger = logger;
        Record = record;
        Started = started;
    }

    public string CallId => _sip.CallId;

    public CallRecord Record { get; }

    public DateTimeOffset Started { get; }

    /// <summary>Completes once SIP, media and pipeline are all torn down; the agent's <see cref="AgentContext.Ended"/>.</summary>
    public Task<CallOutcome> Outcome => _outcome.Task;

    public void Attach(MediaSession media, CallPipeline pipeline)
    {
        _media = media;
        _pipeline = pipeline;
        media.Connect(pipeline.Port, pipeline.Port);
        _sip.OfferHandler = (_, offer) => Renegotiate(offer);
        _sip.Dtmf += (_, digit) => pipeline.Port.WriteDtmf(digit);
    }

    /// <summary>Starts media and the agent; a pipeline that ends on its own (error, idle, the agent finishing) ends the call.</summary>
    public async Task StartAsync()
    {
        _media!.Start();
        await _pipeline!.StartAsync().ConfigureAwait(false);
        _ = _pipeline.Completion.ContinueWith(done => Hangup(CallEndReason.PipelineEnded, $"agent pipeline ended ({done.Result.Reason})"), TaskScheduler.Default);
    }

    /// <summary>A re-INVITE or UPDATE offer (hold, unhold, a new address or codec): answer it and retarget media.</summary>
    private string? Renegotiate(string offer)
    {
        var parsed = SdpParser.Parse(offer);
        if (!parsed.Success)
        {
            LogBadReoffer(_logger, parsed.Error.ToString(), parsed.Line);
            return null;
        }
        var result = _negotiator.CreateAnswer(parsed.Description!);
        if (!result.Success)
        {
            LogReofferRefused(_logger, result.Status.ToString());
            return null;
        }
        _media?.UpdateRemote(result.Media!);
        LogReoffer(_logger, result.Media!.Direction.ToString(), result.Media.Codec.Name);
        return result.Answer!.ToString();
    }

    /// <summary>
    /// Hangs up the SIP side (BYE, or the direction's way of abandoning setup); teardown follows from its end. The first
    /// local reason given is the one the call's end reports.
    /// </summary>
    public void Hangup(CallEndReason reason, string why)
    {
        if (_sip.State == SipCallState.Ended)
        {
            return;
        }
        Interlocked.CompareExchange(ref _localReason, (int)reason + 1, 0);
        LogHangup(_logger, why);
        _sip.Hangup();
    }

    /// <summary>Why the call ended; set by <see cref="TearDownAsync"/>.</summary>
    public CallEndReason EndReason { get; private set; }

    /// <summary>Stops media and the pipeline and reports why the call ended; idempotent (a second caller gets the same reason).</summary>
    public async Task<CallEndReason> TearDownAsync(SipCallEnd end)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            await Outcome.ConfigureAwait(false);
            return EndReason;
        }
        if (_media is { } media)
        {
            media.Stop();
            media.Dispose();
        }
        if (_pipeline is { } pipeline)
        {
            await pipeline.CancelAsync("call ended").ConfigureAwait(false);
            await pipeline.DisposeAsync().ConfigureAwait(false);
        }
        var local = Volatile.Read(ref _localReason);
        EndReason = end.ByRemote || local == 0 ? CallEndReasons.FromSip(end) : (CallEndReason)(local - 1);
        var recording = _pipeline?.RecordingPaths;
        _outcome.TrySetResult(new CallOutcome(EndReason.ToString(), end.ByRemote, _time.GetUtcNow() - Started, recording?.Wav, recording?.Transcript));
        return EndReason;
    }

    public void OnMediaTimeout(MediaSession session) => Hangup(CallEndReason.MediaTimeout, "no RTP within the media timeout");

    public void OnDtmfDigit(MediaSession session, char digit)
    {
        LogDtmf(_logger, digit);
        _pipeline?.Port.WriteDtmf(digit);
    }

    public void OnSsrcChanged(MediaSession session, uint previousSsrc, uint newSsrc) => LogSsrcChanged(_logger, previousSsrc, newSsrc);

    [LoggerMessage(LogLevel.Information, "Hanging up: {Why}")]
    private static partial void LogHangup(ILogger logger, string why);

    [LoggerMessage(LogLevel.Information, "Re-offer answered: direction {Direction}, codec {Codec}")]
    private static partial void LogReoffer(ILogger logger, string direction, string codec);

    [LoggerMessage(LogLevel.Warning, "Re-offer refused: {Status}")]
    private static partial void LogReofferRefused(ILogger logger, string status);

    [LoggerMessage(LogLevel.Warning, "Re-offer SDP malformed: {Error} at line {Line}")]
    private static partial void LogBadReoffer(ILogger logger, string error, int line);

    [LoggerMessage(LogLevel.Information, "DTMF {Digit} received")]
    private static partial void LogDtmf(ILogger logger, char digit);

    [LoggerMessage(LogLevel.Information, "Caller's RTP source changed (SSRC {Previous:x8} → {Current:x8})")]
    private static partial void LogSsrcChanged(ILogger logger, uint previous, uint current);
}
