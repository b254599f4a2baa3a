using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;
using Appliance.Sip.Message;
using Appliance.Sip.UserAgent;

namespace Appliance.Calls;

/// <summary>
/// A call we place, up to its answer: RTP ports allocated and offered in the INVITE, early media started from a 183's
/// SDP, then the 2xx's answer applied (media retargeted when another fork answered). Disposing releases the media
/// (the session, or the bare ports); the owner disposes the leg once the call is over. Thread-safe.
/// </summary>
public sealed class OutboundLeg : IMediaSessionObserver, IDisposable
{
    private readonly Lock _lock = new();
    private readonly OutboundMediaOptions _options;
    private readonly SdpLocalOptions _local;
    private readonly ulong _sessionId;
    private readonly Action<OutboundLeg, SipProvisional>? _onProvisional;
    private readonly TaskCompletionSource<OutboundAnswer> _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private OutgoingCall? _sip;
    private RtpPortPair? _ports;
    private MediaSession? _media;
    private string? _earlySdp;
    private bool _disposed;

    private OutboundLeg(OutboundMediaOptions options, SdpLocalOptions local, RtpPortPair ports, Action<OutboundLeg, SipProvisional>? onProvisional)
    {
        _options = options;
        _local = local;
        _ports = ports;
        _onProvisional = onProvisional;
        _sessionId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 2;
        Negotiator = new SdpNegotiator(local, _sessionId);
    }

    /// <summary>The SIP side of the call.</summary>
    public OutgoingCall Sip => _sip!;

    public string CallId => Sip.CallId;

    /// <summary>Our side of the offer/answer: answers the peer's re-INVITEs once the call is up.</summary>
    public SdpNegotiator Negotiator { get; }

    /// <summary>The media session, once an answer (early or final) said where the peer's RTP goes; null before.</summary>
    public MediaSession? Media
    {
        get
        {
            lock (_lock)
            {
                return _media;
            }
        }
    }

    /// <summary>Whether a 183's SDP started media before the answer.</summary>
    public bool HadEarlyMedia { get; private set; }

    /// <summary>Why a 2xx could not be used (the leg then hung up), or null; set before the hang-up, so before the call's end.</summary>
    public string? AnswerError { get; private set; }

    /// <summary>The PCM rate the media session exchanges with its sink and source (0 before media).</summary>
    public int MediaSampleRate { get; private set; }

    /// <summary>Gets the session's callbacks once the owner takes the call over; until then a media timeout hangs up.</summary>
    public IMediaSessionObserver? Observer { get; set; }

    /// <summary>Completes on the final response: connected (media up) or not, with the SIP status. Never faults.</summary>
    public Task<OutboundAnswer> Answered => _answered.Task;

    /// <summary>
    /// Allocates RTP ports, offers them and sends the INVITE. <paramref name="onProvisional"/> gets each 1xx above 100
    /// (after early media started, for a 183 with SDP), on a transport thread, possibly before this returns.
    /// Returns null, saying why, when the call cannot even be attempted.
    /// </summary>
    public static OutboundLeg? Dial(SipUserAgent agent, DialTarget target, OutboundMediaOptions options,
        Action<OutboundLeg, SipProvisional>? onProvisional, out DialRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var address = options.AdvertisedAddress ?? LocalAddressToward(target.NextHop);
        if (address is null)
        {
            refusal = DialRefusal.Unreachable;
            return null;
        }
        var allocation = options.Ports.Allocate();
        if (!allocation.Success)
        {
            refusal = DialRefusal.NoMediaPorts;
            return null;
        }

        var local = new SdpLocalOptions { Codecs = options.Codecs, Address = address, RtpPort = allocation.Ports!.RtpPort, Ptime = options.PtimeMs };
        var leg = new OutboundLeg(options, local, allocation.Ports, onProvisional);
        try
        {
            leg._sip = Place(agent, target, leg);
        }
        catch
        {
            // Whatever refused the INVITE, the ports go back; the caller releases its admission.
            leg.Dispose();
            throw;
        }
        _ = leg.Sip.Answered.ContinueWith(done => leg.OnFinal(done.Result), TaskScheduler.Default);
        refusal = DialRefusal.None;
        return leg;
    }

    private static OutgoingCall Place(SipUserAgent agent, DialTarget target, OutboundLeg leg) =>
        agent.PlaceCall(new OutgoingCallRequest
        {
            RequestUri = target.RequestUri,
            ToUri = target.ToUri,
            FromUser = target.FromUser,
            FromHost = target.FromHost,
            OutboundProxy = target.OutboundProxy,
            Headers = target.Headers,
            AuthUsername = target.AuthUsername,
            AuthPassword = target.AuthPassword,
            AuthRealm = target.AuthRealm,
            OnProvisional = leg.OnProvisional,
            Sdp = leg.Negotiator.CreateOffer().ToString(),
        });

    /// <summary>Stops and releases the media session (or the ports never used). Idempotent.</summary>
    public void Dispose()
    {
        MediaSession? media;
        RtpPortPair? ports;
        lock (_lock)
        {
            _disposed = true;
            (media, ports) = (_media, _ports);
            (_media, _ports) = (null, null);
        }
        if (media is not null)
        {
            media.Stop();
            media.Dispose();
        }
        ports?.Dispose();
    }

    void IMediaSessionObserver.OnMediaTimeout(MediaSession session)
    {
        if (Observer is { } observer)
        {
            observer.OnMediaTimeout(session);
        }
        else
        {
            _sip?.Hangup();
        }
    }

    void IMediaSessionObserver.OnDtmfDigit(MediaSession session, char digit) => Observer?.OnDtmfDigit(session, digit);

    void IMediaSessionObserver.OnSsrcChanged(MediaSession session, uint previousSsrc, uint newSsrc) => Observer?.OnSsrcChanged(session, previousSsrc, newSsrc);

    private void OnProvisional(OutgoingCall call, SipProvisional provisional)
    {
        _sip ??= call;
        if (provisional.Sdp is { } sdp)
        {
            StartEarlyMedia(sdp);
        }
        _onProvisional?.Invoke(this, provisional);
    }

    /// <summary>
    /// The first 183 with SDP starts media. It is processed by a second negotiator holding the same offer, so the main
    /// one still has the offer pending for the 2xx's answer (which may come from another fork).
    /// </summary>
    private void StartEarlyMedia(string sdp)
    {
        lock (_lock)
        {
            if (_disposed || _media is not null || SdpParser.Parse(sdp) is not { Success: true } parsed)
            {
                return;
            }
            var early = new SdpNegotiator(_local, _sessionId);
            early.CreateOffer();
            if (early.ProcessAnswer(parsed.Description!) is { Success: true } result && TryStartMedia(result.Media!))
            {
                _earlySdp = sdp;
                HadEarlyMedia = true;
            }
        }
    }

    private void OnFinal(SipCallAnswer answer)
    {
        if (!answer.IsAnswered)
        {
            Dispose();
            _answered.TrySetResult(new OutboundAnswer(answer.StatusCode, answer.Reason, null, null));
            return;
        }

        string? error;
        MediaSession? media = null;
        lock (_lock)
        {
            if (_disposed || Sip.State != SipCallState.Established)
            {
                // Hung up while the 2xx was on its way: the SIP layer has already sent the BYE.
                _answered.TrySetResult(new OutboundAnswer(answer.StatusCode, answer.Reason, null, null));
                return;
            }
            error = ApplyAnswer(answer.Sdp ?? _earlySdp);
            if (error is null)
            {
                media = _media;
            }
            AnswerError = error;
        }
        if (error is not null)
        {
            Sip.Hangup();
        }
        _answered.TrySetResult(new OutboundAnswer(answer.StatusCode, answer.Reason, media, error));
    }

    /// <summary>Applies the final answer to media; returns what is wrong with it, or null. Under the lock.</summary>
    private string? ApplyAnswer(string? sdp)
    {
        if (sdp is null)
        {
            return "the answer carried no SDP";
        }
        var parsed = SdpParser.Parse(sdp);
        if (!parsed.Success)
        {
            return $"malformed SDP answer ({parsed.Error} at line {parsed.Line})";
        }
        var result = Negotiator.ProcessAnswer(parsed.Description!);
        if (!result.Success)
        {
            return $"unusable SDP answer ({result.Status})";
        }
        if (_media is null)
        {
            return TryStartMedia(result.Media!) ? null : $"codec {result.Media!.Codec.Name} is not supported";
        }
        if (!string.Equals(sdp, _earlySdp, StringComparison.Ordinal))
        {
            _media.UpdateRemote(result.Media!);
        }
        return null;
    }

    /// <summary>Creates and starts the session on the allocated ports, at the configured PCM rate or the codec's. Under the lock.</summary>
    private bool TryStartMedia(NegotiatedMedia negotiated)
    {
        var rate = _options.SampleRate ?? CodecRates.SampleRate(negotiated.Codec);
        try
        {
            _media = _options.Sessions.Create(negotiated, _ports!, this, _options.Sessions.Options with { PipelineSampleRate = rate });
        }
        catch (ArgumentException)
        {
            return false;
        }
        _ports = null;
        MediaSampleRate = rate;
        _media.Start();
        return true;
    }

    /// <summary>The local address the kernel would use towards a SIP URI's host (resolved when it is a name), or null.</summary>
    public static IPAddress? LocalAddressToward(string uri)
    {
        if (!SipUri.TryParse(Encoding.UTF8.GetBytes(uri), out var parsed) || parsed.Host.IsEmpty)
        {
            return null;
        }
        var host = Encoding.UTF8.GetString(parsed.Host.Span).Trim('[', ']');
        try
        {
            var address = IPAddress.TryParse(host, out var literal) ? literal : Dns.GetHostAddresses(host).FirstOrDefault();
            return address is null ? null : MediaAddress.For(new IPEndPoint(address, parsed.Port > 0 ? parsed.Port : 5060), null);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            // Unresolvable, or not a host name DNS accepts (e.g. too long): unreachable, never a crash.
            return null;
        }
    }
}
