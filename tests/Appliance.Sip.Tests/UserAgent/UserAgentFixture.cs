using System.Net;
using System.Text;
using Appliance.Sip.Transaction;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Sip.Tests.UserAgent;

/// <summary>
/// One user agent on a virtual clock, talking to a scripted peer at 192.0.2.20:5060 (SIPp style): tests deliver raw
/// requests, feed responses to the requests the agent sent, and inspect what came out.
/// </summary>
internal sealed class UserAgentFixture : IDisposable
{
    public const string OfferSdp = "v=0\r\no=peer 1 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 8\r\na=sendrecv\r\n";
    public const string AnswerSdp = "v=0\r\no=appliance 7 7 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\na=sendrecv\r\n";
    public const string PeerCallId = "call-1@192.0.2.20";
    public const string PeerTag = "peer-tag";

    private readonly DateTimeOffset _start;

    public UserAgentFixture(TimeSpan? sessionExpires = null, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _start = Clock.GetUtcNow();
        Timers = new SipTimerQueue(Clock);
        Agent = new SipUserAgent(Channel, new SipUserAgentOptions
        {
            Addresses = [new SipAdvertisedAddress("UDP", "192.0.2.10", 5060), new SipAdvertisedAddress("TCP", "192.0.2.10", 5060)],
            SessionExpires = sessionExpires ?? TimeSpan.FromSeconds(1800),
        }, Handler, Timers, NullLoggerFactory.Instance, meterFactory);
    }

    public FakeTimeProvider Clock { get; }

    public SipTimerQueue Timers { get; }

    public RecordingChannel Channel { get; } = new();

    public TestCallHandler Handler { get; } = new();

    public SipUserAgent Agent { get; }

    public TimeSpan Now => Clock.GetUtcNow() - _start;

    public static IPEndPoint Peer { get; } = new(IPAddress.Parse("192.0.2.20"), 5060);

    /// <summary>Advances virtual time in steps so each timer fires at its due time.</summary>
    public void Run(TimeSpan duration, TimeSpan? step = null)
    {
        TimeSpan s = step ?? TimeSpan.FromMilliseconds(10);
        for (TimeSpan elapsed = TimeSpan.Zero; elapsed < duration; elapsed += s)
        {
            Clock.Advance(s);
        }
    }

    /// <summary>Hands a raw request to the agent as the transaction layer would; returns the recorded server transaction.</summary>
    public RecordedServerRequest Deliver(string text, string transport = "UDP")
    {
        var request = new RecordedServerRequest(SipText.Parse(text), transport, Peer);
        Agent.OnRequest(request);
        return request;
    }

    /// <summary>An INVITE from the peer; <paramref name="extra"/> is extra header lines ("Name: value\n").</summary>
    public static string Invite(string extra = "", string? sdp = OfferSdp, string branch = "z9hG4bKinv1", int cseq = 1,
        string callId = PeerCallId, string contentType = "application/sdp", int maxForwards = 70) =>
        Request("INVITE", "sip:+15550001@192.0.2.10", branch, cseq, callId, toTag: null,
            $"Max-Forwards: {maxForwards}\nContact: <sip:caller@192.0.2.20:5060>\n" + extra, sdp, contentType);

    /// <summary>A request from the peer inside the dialog of <paramref name="call"/> (our tag in To).</summary>
    public static string InDialog(string method, IncomingCall call, int cseq, string extra = "", string? body = null,
        string contentType = "application/sdp", string? branch = null, string contact = "sip:caller@192.0.2.20:5060") =>
        Request(method, "sip:appliance@192.0.2.10:5060", branch ?? "z9hG4bK" + method.ToLowerInvariant() + cseq, cseq, call.CallId,
            call.DialogId.LocalTag, $"Max-Forwards: 70\nContact: <{contact}>\n" + extra, body, contentType);

    public static string Request(string method, string requestUri, string branch, int cseq, string callId, string? toTag,
        string extra, string? body = null, string contentType = "application/sdp", string cseqMethod = "")
    {
        var text = new StringBuilder();
        text.Append($"{method} {requestUri} SIP/2.0\n");
        text.Append($"Via: SIP/2.0/UDP 192.0.2.20:5060;branch={branch};rport\n");
        text.Append($"From: \"Alice\" <sip:%2B15551234@192.0.2.20>;tag={PeerTag}\n");
        text.Append($"To: <sip:+15550001@192.0.2.10>{(toTag is null ? "" : ";tag=" + toTag)}\n");
        text.Append($"Call-ID: {callId}\n");
        text.Append($"CSeq: {cseq} {(cseqMethod.Length > 0 ? cseqMethod : method)}\n");
        text.Append(extra);
        if (body is null)
        {
            text.Append("Content-Length: 0\n\n");
        }
        else
        {
            string b = body.ReplaceLineEndings("\r\n");
            text.Append($"Content-Type: {contentType}\nContent-Length: {Encoding.UTF8.GetByteCount(b)}\n\n");
            return text.ToString().ReplaceLineEndings("\r\n") + b;
        }

        return text.ToString();
    }

    /// <summary>Delivers an INVITE whose handler accepts with <see cref="AnswerSdp"/>, then the ACK; returns the established call.</summary>
    public (IncomingCall Call, RecordedServerRequest Invite) EstablishIncoming(string extra = "")
    {
        Handler.OnCall = c => c.Accept(AnswerSdp);
        RecordedServerRequest invite = Deliver(Invite(extra));
        IncomingCall call = Handler.Last;
        Deliver(Request("ACK", "sip:appliance@192.0.2.10:5060", "z9hG4bKack1", 1, call.CallId, call.DialogId.LocalTag, "Max-Forwards: 70\n"));
        return (call, invite);
    }

    public void Dispose()
    {
        Agent.Dispose();
        Timers.Dispose();
    }
}
