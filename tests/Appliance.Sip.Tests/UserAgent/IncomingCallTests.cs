using Appliance.Sip.Message;
using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

public sealed class IncomingCallTests
{
    [Fact]
    public async Task Invite_ring_accept_ack_bye_runs_the_whole_call()
    {
        using var f = new UserAgentFixture();
        f.Handler.OnCall = c => c.Ring();
        RecordedServerRequest invite = f.Deliver(UserAgentFixture.Invite("Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>\nX-Agent: sales\n"));
        IncomingCall call = f.Handler.Last;

        Assert.Equal("+15551234", call.FromUser);
        Assert.Equal("Alice", call.FromDisplayName);
        Assert.Equal("+15550001", call.RequestUser);
        Assert.Equal(UserAgentFixture.OfferSdp.ReplaceLineEndings("\r\n"), call.RemoteSdp);
        Assert.Equal([new KeyValuePair<string, string>("X-Agent", "sales")], call.CustomHeaders);
        SipMessage ringing = invite.Last;
        Assert.Equal(180, ringing.StatusCode);
        Assert.True(ringing.To.HasTag);
        Assert.Equal("<sip:appliance@192.0.2.10:5060>", ringing.Header(SipHeaderKind.Contact));
        Assert.Equal("SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKinv1;rport=5060;received=192.0.2.20", ringing.Header(SipHeaderKind.Via));
        Assert.Equal(1, f.Agent.ActiveDialogs);

        Assert.True(call.Accept(UserAgentFixture.AnswerSdp));
        SipMessage ok = invite.Last;
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(SipText.Text(ringing.To.Tag), SipText.Text(ok.To.Tag));
        Assert.Equal(["<sip:p1.example;lr>", "<sip:p2.example;lr>"], ok.Values(SipHeaderKind.RecordRoute));
        Assert.Equal(SipUserAgent.Allow, ok.Header(SipHeaderKind.Allow));
        Assert.Equal("application/sdp", ok.Header(SipHeaderKind.ContentType));
        Assert.Equal(UserAgentFixture.AnswerSdp.ReplaceLineEndings("\r\n"), ok.BodyText());
        Assert.Equal(SipCallState.Established, call.State);

        f.Deliver(UserAgentFixture.Request("ACK", "sip:appliance@192.0.2.10:5060", "z9hG4bKack1", 1, call.CallId, call.DialogId.LocalTag, ""));
        f.Run(TimeSpan.FromSeconds(40));
        Assert.Equal(2, invite.Responses.Count); // no 2xx retransmission after the ACK

        RecordedServerRequest bye = f.Deliver(UserAgentFixture.InDialog("BYE", call, 2));
        Assert.Equal(200, bye.Last.StatusCode);
        SipCallEnd end = await call.Ended;
        Assert.Equal(SipCallEndReason.Hangup, end.Reason);
        Assert.True(end.ByRemote);
        Assert.Equal(0, f.Agent.ActiveDialogs);
    }

    [Fact]
    public async Task Unacknowledged_2xx_is_retransmitted_T1_doubling_to_T2_then_BYE_after_64_T1()
    {
        using var f = new UserAgentFixture();
        var times = new List<double>();
        f.Handler.OnCall = c => c.Accept(UserAgentFixture.AnswerSdp);
        var invite = new RecordedServerRequest(SipText.Parse(UserAgentFixture.Invite()), "UDP", UserAgentFixture.Peer,
            r => times.Add(f.Now.TotalSeconds));
        f.Agent.OnRequest(invite);
        IncomingCall call = f.Handler.Last;

        f.Run(TimeSpan.FromSeconds(33));

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], times);
        Assert.All(invite.Responses, r => Assert.Equal(200, r.StatusCode));
        SipMessage bye = f.Channel.Last(SipMethod.Bye).Message;
        Assert.Equal("sip:caller@192.0.2.20:5060", SipText.Text(bye.RequestUri.Raw));
        Assert.Equal(SipText.Text(invite.Last.To.Tag), SipText.Text(bye.From.Tag));
        Assert.Equal(UserAgentFixture.PeerTag, SipText.Text(bye.To.Tag));
        SipCallEnd end = await call.Ended;
        Assert.Equal(SipCallEndReason.NoAck, end.Reason);
        Assert.False(end.ByRemote);
    }

    [Fact]
    public async Task Cancel_before_answer_gets_200_and_the_invite_487()
    {
        using var f = new UserAgentFixture();
        f.Handler.OnCall = c => c.Ring();
        RecordedServerRequest invite = f.Deliver(UserAgentFixture.Invite());
        IncomingCall call = f.Handler.Last;

        RecordedServerRequest cancel = f.Deliver(UserAgentFixture.Request("CANCEL", "sip:+15550001@192.0.2.10", "z9hG4bKinv1", 1,
            UserAgentFixture.PeerCallId, null, "Max-Forwards: 70\n"));

        Assert.Equal(200, cancel.Last.StatusCode);
        Assert.Equal(487, invite.Last.StatusCode);
        Assert.Equal(SipCallEndReason.Cancelled, (await call.Ended).Reason);
        Assert.False(call.Accept(UserAgentFixture.AnswerSdp));
        Assert.Equal(0, f.Agent.ActiveDialogs);
    }

    [Fact]
    public void Cancel_after_answer_gets_200_and_the_call_continues()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, RecordedServerRequest invite) = f.EstablishIncoming();

        RecordedServerRequest cancel = f.Deliver(UserAgentFixture.Request("CANCEL", "sip:+15550001@192.0.2.10", "z9hG4bKinv1", 1,
            UserAgentFixture.PeerCallId, null, "Max-Forwards: 70\n"));

        Assert.Equal(200, cancel.Last.StatusCode);
        Assert.DoesNotContain(invite.Responses, r => r.StatusCode == 487);
        Assert.Equal(SipCallState.Established, call.State);
        Assert.False(call.Ended.IsCompleted);
    }

    [Fact]
    public async Task Reject_503_with_retry_after_for_admission_control()
    {
        using var f = new UserAgentFixture();
        f.Handler.OnCall = c => c.Reject(503, "Service Unavailable", TimeSpan.FromSeconds(30), ("Warning", "399 appliance \"draining\""));

        RecordedServerRequest invite = f.Deliver(UserAgentFixture.Invite());

        SipMessage response = invite.Last;
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("30", response.Header(SipHeaderKind.RetryAfter));
        Assert.Equal("399 appliance \"draining\"", response.Header("Warning"));
        Assert.True(response.To.HasTag);
        Assert.Equal(SipCallEndReason.Rejected, (await f.Handler.Last.Ended).Reason);
        Assert.Equal(0, f.Agent.ActiveDialogs);
    }

    [Fact]
    public async Task Reinvite_with_sendonly_offer_is_answered_by_the_application()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        string hold = UserAgentFixture.OfferSdp.Replace("sendrecv", "sendonly", StringComparison.Ordinal);
        call.OfferHandler = (_, offer) => offer.Contains("a=sendonly", StringComparison.Ordinal)
            ? UserAgentFixture.AnswerSdp.Replace("sendrecv", "recvonly", StringComparison.Ordinal) : null;

        RecordedServerRequest reinvite = f.Deliver(UserAgentFixture.InDialog("INVITE", call, 2,
            body: hold, contact: "sip:caller@198.51.100.7:5062"));

        SipMessage ok = reinvite.Last;
        Assert.Equal(200, ok.StatusCode);
        Assert.Contains("a=recvonly", ok.BodyText(), StringComparison.Ordinal);
        Assert.Contains("a=sendonly", call.RemoteSdp, StringComparison.Ordinal);
        Assert.Contains("a=recvonly", call.LocalSdp, StringComparison.Ordinal);

        // The re-INVITE refreshed the target: our BYE goes to the new Contact.
        f.Deliver(UserAgentFixture.Request("ACK", "sip:appliance@192.0.2.10:5060", "z9hG4bKack2", 2, call.CallId, call.DialogId.LocalTag, ""));
        call.Hangup();
        SipMessage bye = f.Channel.Last(SipMethod.Bye).Message;
        Assert.Equal("sip:caller@198.51.100.7:5062", SipText.Text(bye.RequestUri.Raw));
        Assert.Equal(1u, bye.CSeq.Number);
        Assert.Equal(SipCallEndReason.Hangup, (await call.Ended).Reason);
    }
}
