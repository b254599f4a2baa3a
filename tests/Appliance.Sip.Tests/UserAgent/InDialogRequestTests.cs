using Appliance.Sip.Message;
using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

public sealed class InDialogRequestTests
{
    [Fact]
    public async Task Reinvite_while_our_reinvite_is_pending_gets_491()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<string?> ours = call.ReinviteAsync(UserAgentFixture.AnswerSdp.Replace("sendrecv", "sendonly", StringComparison.Ordinal));
        RecordingChannel.SentRequest reinvite = f.Channel.Last(SipMethod.Invite);
        Assert.Equal(1u, reinvite.Message.CSeq.Number);
        Assert.Contains("a=sendonly", reinvite.Message.BodyText(), StringComparison.Ordinal);

        RecordedServerRequest theirs = f.Deliver(UserAgentFixture.InDialog("INVITE", call, 2, body: UserAgentFixture.OfferSdp));
        Assert.Equal(491, theirs.Last.StatusCode);

        // Our re-INVITE completes with the answer; its 2xx is ACKed (CSeq of the re-INVITE), retransmissions too.
        reinvite.Respond(200, "OK", extra: "Contact: <sip:caller@192.0.2.20:5060>\n", sdp: UserAgentFixture.OfferSdp.Replace("sendrecv", "recvonly", StringComparison.Ordinal));
        reinvite.Respond(200, "OK", extra: "Contact: <sip:caller@192.0.2.20:5060>\n", sdp: UserAgentFixture.OfferSdp.Replace("sendrecv", "recvonly", StringComparison.Ordinal));
        Assert.Contains("a=recvonly", await ours, StringComparison.Ordinal);
        Assert.Equal(2, f.Channel.Acks.Count);
        Assert.All(f.Channel.Acks, a => Assert.Equal("1 ACK", a.Ack.Header(SipHeaderKind.CSeq)));
        Assert.Equal(SipCallState.Established, call.State);
    }

    [Fact]
    public async Task Refused_offer_gets_488_and_the_call_continues()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        call.OfferHandler = (_, _) => null;

        RecordedServerRequest reinvite = f.Deliver(UserAgentFixture.InDialog("INVITE", call, 2, body: UserAgentFixture.OfferSdp));

        Assert.Equal(488, reinvite.Last.StatusCode);
        Assert.Equal(SipCallState.Established, call.State);
        RecordedServerRequest failedReinviteIsNotAck = f.Deliver(UserAgentFixture.InDialog("BYE", call, 3));
        Assert.Equal(200, failedReinviteIsNotAck.Last.StatusCode);
        Assert.Equal(SipCallEndReason.Hangup, (await call.Ended).Reason);
    }

    [Fact]
    public void Update_with_offer_is_answered_in_its_200()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        call.OfferHandler = (_, offer) => offer.Contains("a=inactive", StringComparison.Ordinal) ? "v=0\r\na=inactive\r\n" : null;

        RecordedServerRequest update = f.Deliver(UserAgentFixture.InDialog("UPDATE", call, 2,
            body: UserAgentFixture.OfferSdp.Replace("sendrecv", "inactive", StringComparison.Ordinal)));

        Assert.Equal(200, update.Last.StatusCode);
        Assert.Equal("v=0\r\na=inactive\r\n", update.Last.BodyText());
        Assert.Equal("application/sdp", update.Last.Header(SipHeaderKind.ContentType));
        Assert.Equal("<sip:appliance@192.0.2.10:5060>", update.Last.Header(SipHeaderKind.Contact));
        Assert.Empty(f.Channel.Acks);
    }

    [Fact]
    public void Update_without_a_handler_gets_488()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();

        RecordedServerRequest update = f.Deliver(UserAgentFixture.InDialog("UPDATE", call, 2, body: UserAgentFixture.OfferSdp));

        Assert.Equal(488, update.Last.StatusCode);
    }

    [Fact]
    public void Info_dtmf_relay_is_acknowledged_and_surfaced()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        var digits = new List<char>();
        call.Dtmf += (_, digit) => digits.Add(digit);

        RecordedServerRequest five = f.Deliver(UserAgentFixture.InDialog("INFO", call, 2, body: "Signal=5\r\nDuration=160\r\n", contentType: "application/dtmf-relay"));
        RecordedServerRequest star = f.Deliver(UserAgentFixture.InDialog("INFO", call, 3, body: "10", contentType: "application/dtmf"));
        RecordedServerRequest other = f.Deliver(UserAgentFixture.InDialog("INFO", call, 4, body: "<xml/>", contentType: "application/xml"));

        Assert.All(new[] { five, star, other }, r => Assert.Equal(200, r.Last.StatusCode));
        Assert.Equal(['5', '*'], digits);
    }

    [Fact]
    public void Lower_cseq_than_the_last_one_gets_500_with_retry_after()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        f.Deliver(UserAgentFixture.InDialog("INFO", call, 5, body: "Signal=1", contentType: "application/dtmf-relay"));

        RecordedServerRequest stale = f.Deliver(UserAgentFixture.InDialog("INFO", call, 4, body: "Signal=2", contentType: "application/dtmf-relay"));

        Assert.Equal(500, stale.Last.StatusCode);
        Assert.InRange(int.Parse(stale.Last.Header(SipHeaderKind.RetryAfter), System.Globalization.CultureInfo.InvariantCulture), 0, 10);
        Assert.Equal(SipCallState.Established, call.State);
    }

    [Fact]
    public void Reinvite_before_the_first_invite_is_answered_gets_500()
    {
        using var f = new UserAgentFixture();
        f.Handler.OnCall = c => c.Ring();
        f.Deliver(UserAgentFixture.Invite());
        IncomingCall call = f.Handler.Last;

        RecordedServerRequest second = f.Deliver(UserAgentFixture.InDialog("INVITE", call, 2, body: UserAgentFixture.OfferSdp));

        Assert.Equal(500, second.Last.StatusCode);
        Assert.NotEmpty(second.Last.Header(SipHeaderKind.RetryAfter));
    }

    [Fact]
    public async Task Our_bye_uses_the_route_set_and_the_next_cseq()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming("Record-Route: <sip:p1.example;lr>\nRecord-Route: <sip:p2.example;lr>\n");

        call.Hangup();

        RecordingChannel.SentRequest bye = f.Channel.Last(SipMethod.Bye);
        Assert.Equal("sip:p1.example;lr", bye.NextHop);
        Assert.Equal(["<sip:p1.example;lr>", "<sip:p2.example;lr>"], bye.Message.Values(SipHeaderKind.Route));
        Assert.Equal("sip:caller@192.0.2.20:5060", SipText.Text(bye.Message.RequestUri.Raw));
        Assert.Equal("1 BYE", bye.Message.Header(SipHeaderKind.CSeq));
        Assert.StartsWith("z9hG4bK", SipText.Text(bye.Message.TopVia.Branch), StringComparison.Ordinal);
        SipCallEnd end = await call.Ended;
        Assert.Equal(SipCallEndReason.Hangup, end.Reason);
        Assert.False(end.ByRemote);
        bye.Respond(200, "OK");
        Assert.Equal(0, f.Agent.ActiveDialogs);
    }
}
