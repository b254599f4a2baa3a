using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Pipeline.Agents;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Appliance.Calls;

/// <summary>
/// One live call: its SIP dialog, its media session and its pipeline, and the rules that end all
/// three together whichever fails first (BYE from either side, media timeout, pipeline error).
/// </summary>
internal sealed partial class ActiveCall : IMediaSessionObserver
{
    private readonly SipCall _sip;
    private readonly SdpNegotiator _negotiator;
    private readonly ILogger _logger;
    private MediaSession? _media;
    private CallPipeline? _pipeline;
    private int _ended;

    public ActiveCall(SipCall sip, SdpNegotiator negotiator, DateTimeOffset started, ILogger logger)
    {
        _sip = sip;
        _negotiator = negotiator;
        _logger = logger;
        Started = started;
    }

    public string CallId => _sip.CallId;

    /// <summary>The SDP answer sent in the 200 OK.</summary>
    public required string AnswerSdp { get; init; }

    /// <summary>The negotiated codec's name, for logs.</summary>
    public required string Codec { get; init; }
    public DateTimeOffset Started { get; }

    /// <summary>Completes once SIP, media and pipeline are all torn down.</summary>
    public TaskCompletionSource<SipCallEnd> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Attach(MediaSession media, CallPipeline pipeline)
    {
        _media = media;
        _pipeline = pipeline;
        media.Connect(pipeline.Port, pipeline.Port);
        _sip.OfferHandler = (_, offer) => Renegotiate(offer);
        _sip.Dtmf += (_, digit) => pipeline.Port.WriteDtmf(digit);
    }

    /// <summary>Starts media and the agent; a pipeline that ends on its own (error, idle, the agent hanging up) ends the call.</summary>
    public async Task StartAsync()
    {
        _media!.Start();
        await _pipeline!.StartAsync().ConfigureAwait(false);
        _ = _pipeline.Completion.ContinueWith(done => Hangup($"agent pipeline ended ({done.Result.Reason})"), TaskScheduler.Default);
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

    /// <summary>Hangs up the SIP side (BYE, or CANCEL semantics before answer); teardown follows from its end.</summary>
    public void Hangup(string why)
    {
        if (_sip.State != SipCallState.Ended)
        {
            LogHangup(_logger, why);
            _sip.Hangup();
        }
    }

    /// <summary>Stops media and the pipeline; idempotent.</summary>
    public async Task TearDownAsync(SipCallEnd end)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
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
        Finished.TrySetResult(end);
    }

    public void OnMediaTimeout(MediaSession session) => Hangup("no RTP within the media timeout");

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
