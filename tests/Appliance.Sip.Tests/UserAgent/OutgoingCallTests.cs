using Appliance.Sip.Message;
using Appliance.Sip.Transaction;
using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

public sealed class OutgoingCallTests
{
    private const string Contact = "Contact: <sip:callee@198.51.100.9:5080>\n";

    private static OutgoingCallRequest Request(List<SipProvisional>? provisionals = null, string? user = null, string? password = null) => new()
    {
        RequestUri = "sip:+15557654@carrier.example",
        Sdp = UserAgentFixture.AnswerSdp,
        FromUser = "+15550001",
        FromDisplayName = "Appliance",
        FromHost = "trunk.example",
        OutboundProxy = "sip:198.51.100.1:5060;lr",
        Headers = [new KeyValuePair<string, string>("X-Campaign", "c42")],
        AuthUsername = user,
        AuthPassword = password,
        OnProvisional = provisionals is null ? null : (_, p) => provisionals.Add(p),
    };

    [Fact]
    public async Task Invite_progress_early_media_answer_ack_and_bye()
    {
        using var f = new UserAgentFixture();
        var provisionals = new List<SipProvisional>();
        OutgoingCall call = f.Agent.PlaceCall(Request(provisionals));

        RecordingChannel.SentRequest invite = f.Channel.Last(SipMethod.Invite);
        SipMessage m = invite.Message;
        Assert.Equal("sip:198.51.100.1:5060;lr", invite.NextHop);
        Assert.Equal("sip:+15557654@carrier.example", SipText.Text(m.RequestUri.Raw));
        Assert.Equal("<sip:198.51.100.1:5060;lr>", m.Header(SipHeaderKind.Route));
        Assert.StartsWith("\"Appliance\" <sip:+15550001@trunk.example>;tag=", m.Header(SipHeaderKind.From), StringComparison.Ordinal);
        Assert.False(m.To.HasTag);
        Assert.Equal("1 INVITE", m.Header(SipHeaderKind.CSeq));
        Assert.Equal("<sip:appliance@192.0.2.10:5060>", m.Header(SipHeaderKind.Contact));
        Assert.Equal("c42", m.Header("X-Campaign"));
        Assert.Equal("1800", m.Header(SipHeaderKind.SessionExpires));
        Assert.Equal(UserAgentFixture.AnswerSdp, m.BodyText());
        Assert.Equal(call.CallId, m.Header(SipHeaderKind.CallId));

        invite.Respond(100, "Trying");
        invite.Respond(180, "Ringing", "callee-tag", Contact);
        invite.Respond(183, "Session Progress", "callee-tag", Contact, UserAgentFixture.OfferSdp);
        Assert.Equal([new SipProvisional(180, "Ringing", null), new SipProvisional(183, "Session Progress", UserAgentFixture.OfferSdp)], provisionals);
        Assert.Equal(UserAgentFixture.OfferSdp, call.RemoteSdp);

        invite.Respond(200, "OK", "callee-tag", Contact + "Record-Route: <sip:p2.example;lr>, <sip:p1.example;lr>\n", UserAgentFixture.OfferSdp);
        SipCallAnswer answer = await call.Answered;
        Assert.True(answer.IsAnswered);
        Assert.Equal(UserAgentFixture.OfferSdp, answer.Sdp);
        Assert.Equal(SipCallState.Established, call.State);

        (string ackHop, SipMessage ack) = Assert.Single(f.Channel.Acks);
        Assert.Equal("sip:p1.example;lr", ackHop); // Record-Route reversed for the UAC
        Assert.Equal("sip:callee@198.51.100.9:5080", SipText.Text(ack.RequestUri.Raw));
        Assert.Equal(["<sip:p1.example;lr>", "<sip:p2.example;lr>"], ack.Values(SipHeaderKind.Route));
        Assert.Equal("1 ACK", ack.Header(SipHeaderKind.CSeq));
        Assert.Equal("callee-tag", SipText.Text(ack.To.Tag));
        Assert.NotEqual(SipText.Text(m.TopVia.Branch), SipText.Text(ack.TopVia.Branch));

        // A retransmitted 2xx (our ACK was lost) is ACKed again.
        invite.Respond(200, "OK", "callee-tag", Contact, UserAgentFixture.OfferSdp);
        Assert.Equal(2, f.Channel.Acks.Count);

        call.Hangup();
        SipMessage bye = f.Channel.Last(SipMethod.Bye).Message;
        Assert.Equal("2 BYE", bye.Header(SipHeaderKind.CSeq));
        Assert.Equal("sip:callee@198.51.100.9:5080", SipText.Text(bye.RequestUri.Raw));
        Assert.Equal(SipCallEndReason.Hangup, (await call.Ended).Reason);
    }

    [Fact]
    public async Task Proxy_challenge_is_answered_once_with_new_cseq_and_branch()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(Request(user: "trunkuser", password: "secret"));
        RecordingChannel.SentRequest first = f.Channel.Last(SipMethod.Invite);

        first.Respond(407, "Proxy Authentication Required", "proxy-tag",
            "Proxy-Authenticate: Digest realm=\"carrier.example\", nonce=\"abc123\", qop=\"auth\", algorithm=MD5\n");

        RecordingChannel.SentRequest second = f.Channel.Last(SipMethod.Invite);
        Assert.NotSame(first, second);
        Assert.Equal("2 INVITE", second.Message.Header(SipHeaderKind.CSeq));
        Assert.NotEqual(SipText.Text(first.Message.TopVia.Branch), SipText.Text(second.Message.TopVia.Branch));
        Assert.Equal(first.Message.Header(SipHeaderKind.From), second.Message.Header(SipHeaderKind.From));
        Assert.Equal(call.CallId, second.Message.Header(SipHeaderKind.CallId));
        string credentials = second.Message.Header("Proxy-Authorization");
        Assert.StartsWith("Digest username=\"trunkuser\", realm=\"carrier.example\", nonce=\"abc123\", uri=\"sip:+15557654@carrier.example\"", credentials, StringComparison.Ordinal);
        Assert.False(call.Answered.IsCompleted);

        // The same credentials challenged again: they are wrong, so the call fails with the 407.
        second.Respond(407, "Proxy Authentication Required", "proxy-tag",
            "Proxy-Authenticate: Digest realm=\"carrier.example\", nonce=\"def456\", qop=\"auth\"\n");

        Assert.Equal(2, f.Channel.Count(SipMethod.Invite));
        Assert.Equal(407, (await call.Answered).StatusCode);
        Assert.Equal(SipCallEndReason.Failed, (await call.Ended).Reason);
    }

    [Fact]
    public async Task Authenticated_retry_can_be_answered()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(Request(user: "u", password: "p"));
        f.Channel.Last(SipMethod.Invite).Respond(401, "Unauthorized", "t", "WWW-Authenticate: Digest realm=\"r\", nonce=\"n\"\n");

        RecordingChannel.SentRequest retry = f.Channel.Last(SipMethod.Invite);
        Assert.StartsWith("Digest username=\"u\"", retry.Message.Header(SipHeaderKind.Authorization), StringComparison.Ordinal);
        retry.Respond(200, "OK", "callee-tag", Contact, UserAgentFixture.OfferSdp);

        Assert.True((await call.Answered).IsAnswered);
        Assert.Equal("2 ACK", Assert.Single(f.Channel.Acks).Ack.Header(SipHeaderKind.CSeq));
    }

    [Fact]
    public async Task Busy_fails_the_call_with_its_status()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(Request());

        f.Channel.Last(SipMethod.Invite).Respond(486, "Busy Here", "callee-tag");

        Assert.Equal(new SipCallAnswer(486, "Busy Here", null), await call.Answered);
        SipCallEnd end = await call.Ended;
        Assert.Equal(SipCallEndReason.Failed, end.Reason);
        Assert.Equal(486, end.StatusCode);
        Assert.Empty(f.Channel.Acks); // the transaction layer ACKs non-2xx finals
    }

    [Fact]
    public async Task Hangup_while_ringing_sends_cancel_matching_the_invite()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(Request());
        RecordingChannel.SentRequest invite = f.Channel.Last(SipMethod.Invite);
        invite.Respond(180, "Ringing", "callee-tag", Contact);

        call.Hangup();

        SipMessage cancel = f.Channel.Last(SipMethod.Cancel).Message;
        Assert.Equal(SipText.Text(invite.Message.RequestUri.Raw), SipText.Text(cancel.RequestUri.Raw));
        Assert.Equal(invite.Message.Header(SipHeaderKind.Via), cancel.Header(SipHeaderKind.Via));
        Assert.Equal("1 CANCEL", cancel.Header(SipHeaderKind.CSeq));
        Assert.Equal(invite.Message.Header(SipHeaderKind.To), cancel.Header(SipHeaderKind.To));
        Assert.Equal(invite.Message.Header(SipHeaderKind.Route), cancel.Header(SipHeaderKind.Route));
        Assert.Equal(SipCallEndReason.Cancelled, (await call.Ended).Reason);

        invite.Respond(487, "Request Terminated", "callee-tag");
        Assert.Equal(487, (await call.Answered).StatusCode);
    }

    [Fact]
    public async Task Hangup_before_any_provisional_waits_for_one_to_cancel_and_byes_a_crossing_2xx()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(Request());
        RecordingChannel.SentRequest invite = f.Channel.Last(SipMethod.Invite);

        call.Hangup();
        Assert.Equal(0, f.Channel.Count(SipMethod.Cancel)); // §9.1: not before a provisional
        invite.Respond(100, "Trying");
        Assert.Equal(1, f.Channel.Count(SipMethod.Cancel));

        // The callee answered before seeing the CANCEL: ACK it, then BYE.
        invite.Respond(200, "OK", "callee-tag", Contact, UserAgentFixture.OfferSdp);
        Assert.Single(f.Channel.Acks);
        Assert.Equal(1, f.Channel.Count(SipMethod.Bye));
        Assert.Equal(SipCallEndReason.Cancelled, (await call.Ended).Reason);
        Assert.Equal(0, f.Agent.ActiveDialogs);
    }

    [Fact]
    public async Task Invite_timeout_reports_408()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(Request());

        f.Channel.Last(SipMethod.Invite).Handler.OnFailure(SipTransactionTermination.Timeout);

        Assert.Equal(408, (await call.Answered).StatusCode);
        Assert.Equal(SipCallEndReason.Timeout, (await call.Ended).Reason);
    }

    [Fact]
    public async Task Bye_from_the_callee_ends_the_call()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(Request());
        RecordingChannel.SentRequest invite = f.Channel.Last(SipMethod.Invite);
        invite.Respond(200, "OK", "callee-tag", Contact, UserAgentFixture.OfferSdp);
        string localTag = SipText.Text(invite.Message.From.Tag);

        // Their BYE: From = their tag, To = our tag.
        string bye = $"BYE sip:appliance@192.0.2.10:5060 SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.9:5080;branch=z9hG4bKb1\nFrom: <sip:+15557654@carrier.example>;tag=callee-tag\nTo: <sip:+15550001@trunk.example>;tag={localTag}\nCall-ID: {call.CallId}\nCSeq: 1 BYE\nMax-Forwards: 70\nContent-Length: 0\n\n";
        RecordedServerRequest response = f.Deliver(bye);

        Assert.Equal(200, response.Last.StatusCode);
        SipCallEnd end = await call.Ended;
        Assert.Equal(SipCallEndReason.Hangup, end.Reason);
        Assert.True(end.ByRemote);
    }

    [Fact]
    public async Task Session_interval_too_small_is_retried_once_with_the_peers_min_se()
    {
        using var f = new UserAgentFixture(sessionExpires: TimeSpan.FromSeconds(90));
        OutgoingCall call = f.Agent.PlaceCall(Request());
        f.Channel.Last(SipMethod.Invite).Respond(422, "Session Interval Too Small", "t", "Min-SE: 300\n");

        RecordingChannel.SentRequest retry = f.Channel.Last(SipMethod.Invite);
        Assert.Equal("2 INVITE", retry.Message.Header(SipHeaderKind.CSeq));
        Assert.Equal("300", retry.Message.Header(SipHeaderKind.SessionExpires));
        Assert.Equal("300", retry.Message.Header(SipHeaderKind.MinSE));

        retry.Respond(422, "Session Interval Too Small", "t", "Min-SE: 600\n");
        Assert.Equal(422, (await call.Answered).StatusCode);
        Assert.Equal(2, f.Channel.Count(SipMethod.Invite));
    }

    [Fact]
    public async Task A_second_forks_2xx_is_acked_and_byed_and_the_call_keeps_the_first()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(Request());
        RecordingChannel.SentRequest invite = f.Channel.Last(SipMethod.Invite);
        invite.Respond(200, "OK", "fork-1", Contact, UserAgentFixture.OfferSdp);
        await call.Answered;

        invite.Respond(200, "OK", "fork-2", "Contact: <sip:other@198.51.100.77>\n", UserAgentFixture.OfferSdp);
        invite.Respond(200, "OK", "fork-2", "Contact: <sip:other@198.51.100.77>\n", UserAgentFixture.OfferSdp);

        Assert.Equal(3, f.Channel.Acks.Count);
        Assert.Equal("sip:other@198.51.100.77", SipText.Text(f.Channel.Acks[^1].Ack.RequestUri.Raw));
        SipMessage bye = Assert.Single(f.Channel.Requests, r => r.Message.Method == SipMethod.Bye).Message;
        Assert.Equal("fork-2", SipText.Text(bye.To.Tag));
        Assert.Equal("2 BYE", bye.Header(SipHeaderKind.CSeq));
        Assert.Equal(SipCallState.Established, call.State);
    }
}
