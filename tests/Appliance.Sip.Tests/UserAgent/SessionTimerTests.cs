using Appliance.Sip.Message;
using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

public sealed class SessionTimerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Peer_refresher_that_never_refreshes_gets_a_bye_at_the_deadline()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, RecordedServerRequest invite) = f.EstablishIncoming("Session-Expires: 120;refresher=uac\nSupported: timer\n");

        SipMessage ok = invite.Responses.Find(r => r.StatusCode == 200)!;
        Assert.Equal("120;refresher=uac", ok.Header(SipHeaderKind.SessionExpires));
        Assert.Equal("timer", ok.Header(SipHeaderKind.Require));
        Assert.Equal((120u, false), call.SessionTimer);

        f.Run(TimeSpan.FromSeconds(87), Step);
        Assert.False(call.Ended.IsCompleted);
        f.Run(TimeSpan.FromSeconds(2), Step); // 120 - min(32, 120/3) = 88 s

        Assert.Equal(1, f.Channel.Count(SipMethod.Bye));
        Assert.Equal(SipCallEndReason.SessionExpired, (await call.Ended).Reason);
    }

    [Fact]
    public void Refresh_by_the_peer_restarts_the_deadline()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming("Session-Expires: 120;refresher=uac\nSupported: timer\n");

        f.Run(TimeSpan.FromSeconds(60), Step);
        RecordedServerRequest update = f.Deliver(UserAgentFixture.InDialog("UPDATE", call, 2, "Session-Expires: 120;refresher=uac\nSupported: timer\n"));
        Assert.Equal(200, update.Last.StatusCode);
        Assert.Equal("120;refresher=uac", update.Last.Header(SipHeaderKind.SessionExpires));
        Assert.Empty(update.Last.Body.ToArray());

        f.Run(TimeSpan.FromSeconds(80), Step); // 140 s since the INVITE, 80 s since the refresh
        Assert.Equal(SipCallState.Established, call.State);
        Assert.Equal(0, f.Channel.Count(SipMethod.Bye));
    }

    [Fact]
    public async Task We_refresh_at_half_interval_with_update_when_the_peer_lacks_timer_support()
    {
        using var f = new UserAgentFixture(sessionExpires: TimeSpan.FromSeconds(120));
        (IncomingCall call, RecordedServerRequest invite) = f.EstablishIncoming("Allow: INVITE, ACK, BYE, CANCEL, UPDATE\n");

        SipMessage ok = invite.Responses.Find(r => r.StatusCode == 200)!;
        Assert.Equal("120;refresher=uas", ok.Header(SipHeaderKind.SessionExpires));
        Assert.Empty(ok.Header(SipHeaderKind.Require)); // the peer does not support timers: no Require

        f.Run(TimeSpan.FromSeconds(59), Step);
        Assert.Equal(0, f.Channel.Count(SipMethod.Update));
        f.Run(TimeSpan.FromSeconds(2), Step);
        RecordingChannel.SentRequest refresh = f.Channel.Last(SipMethod.Update);
        Assert.Equal("120;refresher=uac", refresh.Message.Header(SipHeaderKind.SessionExpires));
        Assert.True(refresh.Message.Body.IsEmpty);

        refresh.Respond(200, "OK", extra: "Session-Expires: 120;refresher=uac\nContact: <sip:caller@192.0.2.20:5060>\n");
        f.Run(TimeSpan.FromSeconds(61), Step);
        Assert.Equal(2, f.Channel.Count(SipMethod.Update));
        Assert.Equal(SipCallState.Established, call.State);

        // A refresh that times out ends the dialog (§12.2.1.2).
        f.Channel.Last(SipMethod.Update).Handler.OnFailure(Appliance.Sip.Transaction.SipTransactionTermination.Timeout);
        Assert.Equal(SipCallEndReason.Timeout, (await call.Ended).Reason);
    }

    [Fact]
    public void Without_update_in_allow_we_refresh_with_a_reinvite_carrying_our_sdp()
    {
        using var f = new UserAgentFixture(sessionExpires: TimeSpan.FromSeconds(100));
        (IncomingCall call, _) = f.EstablishIncoming();

        f.Run(TimeSpan.FromSeconds(51), Step);

        RecordingChannel.SentRequest refresh = f.Channel.Last(SipMethod.Invite);
        Assert.Equal(UserAgentFixture.AnswerSdp, refresh.Message.BodyText());
        refresh.Respond(200, "OK", extra: "Session-Expires: 100;refresher=uac\nContact: <sip:caller@192.0.2.20:5060>\n", sdp: UserAgentFixture.OfferSdp);
        Assert.Single(f.Channel.Acks);
        Assert.Equal(UserAgentFixture.AnswerSdp, call.LocalSdp);
    }

    [Fact]
    public async Task Outgoing_call_follows_the_refresher_the_callee_picked()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(new OutgoingCallRequest { RequestUri = "sip:bob@198.51.100.9", Sdp = UserAgentFixture.AnswerSdp });
        f.Channel.Last(SipMethod.Invite).Respond(200, "OK", "bob-tag",
            "Contact: <sip:bob@198.51.100.9>\nSession-Expires: 90;refresher=uas\nRequire: timer\n", UserAgentFixture.OfferSdp);
        await call.Answered;
        Assert.Equal((90u, false), call.SessionTimer);

        f.Run(TimeSpan.FromSeconds(61), Step); // 90 - 30 = 60 s

        Assert.Equal(SipCallEndReason.SessionExpired, (await call.Ended).Reason);
    }
}
