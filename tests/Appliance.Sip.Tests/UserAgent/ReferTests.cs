using Appliance.Sip.Message;
using Appliance.Sip.Transaction;
using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

/// <summary>Blind transfer as the transferor (RFC 3515): our REFER, the peer's answer and its sipfrag NOTIFYs.</summary>
public sealed class ReferTests
{
    private const string Target = "sip:+15557777@carrier.example";
    private const string SipFrag = "message/sipfrag;version=2.0";

    [Fact]
    public void Refer_is_sent_in_the_dialog_with_refer_to_referred_by_and_contact()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming("Record-Route: <sip:p1.example;lr>\n");

        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);

        RecordingChannel.SentRequest refer = f.Channel.Last(SipMethod.Refer);
        SipMessage m = refer.Message;
        Assert.Equal("sip:p1.example;lr", refer.NextHop);
        Assert.Equal("sip:caller@192.0.2.20:5060", SipText.Text(m.RequestUri.Raw));
        Assert.Equal(["<sip:p1.example;lr>"], m.Values(SipHeaderKind.Route));
        Assert.Equal("<sip:+15550001@192.0.2.10>;tag=" + call.DialogId.LocalTag, m.Header(SipHeaderKind.From));
        Assert.Equal("\"Alice\" <sip:%2B15551234@192.0.2.20>;tag=" + UserAgentFixture.PeerTag, m.Header(SipHeaderKind.To));
        Assert.Equal(call.CallId, m.Header(SipHeaderKind.CallId));
        Assert.Equal("1 REFER", m.Header(SipHeaderKind.CSeq));
        Assert.Equal("<" + Target + ">", m.Header(SipHeaderKind.ReferTo));
        Assert.Equal("<sip:+15550001@192.0.2.10>", m.Header(SipHeaderKind.ReferredBy));
        Assert.Equal("<sip:appliance@192.0.2.10:5060>", m.Header(SipHeaderKind.Contact));
        Assert.True(m.Body.IsEmpty);
        Assert.False(transfer.IsCompleted);

        // The next request in the dialog takes the next CSeq.
        Task<string?> reinvite = call.ReinviteAsync(UserAgentFixture.AnswerSdp);
        Assert.Equal("2 INVITE", f.Channel.Last(SipMethod.Invite).Message.Header(SipHeaderKind.CSeq));
        Assert.False(reinvite.IsCompleted);
    }

    [Fact]
    public async Task Accepted_then_trying_then_200_terminated_succeeds()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        f.Channel.Last(SipMethod.Refer).Respond(202, "Accepted");

        RecordedServerRequest trying = f.Deliver(Notify(call, 2, "active;expires=60", "SIP/2.0 100 Trying\r\n"));
        Assert.Equal(200, trying.Last.StatusCode);
        Assert.Equal("<sip:appliance@192.0.2.10:5060>", trying.Last.Header(SipHeaderKind.Contact));
        Assert.False(transfer.IsCompleted);

        RecordedServerRequest ringing = f.Deliver(Notify(call, 3, "active;expires=60", "SIP/2.0 180 Ringing\r\n"));
        Assert.Equal(200, ringing.Last.StatusCode);
        Assert.False(transfer.IsCompleted);

        RecordedServerRequest ok = f.Deliver(Notify(call, 4, "terminated;reason=noresource", "SIP/2.0 200 OK\r\n"));
        Assert.Equal(200, ok.Last.StatusCode);
        SipReferOutcome outcome = await transfer;
        Assert.True(outcome.Succeeded);
        Assert.Equal(200, outcome.StatusCode);
        Assert.Contains("200 OK", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(SipCallState.Established, call.State); // hanging up is the caller's move

        // The subscription is over: a late NOTIFY is for a subscription that no longer exists.
        Assert.Equal(481, f.Deliver(Notify(call, 5, "terminated", "SIP/2.0 200 OK\r\n")).Last.StatusCode);
    }

    [Fact]
    public async Task Final_status_with_the_subscription_still_active_settles_and_later_notifies_are_still_answered()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        f.Channel.Last(SipMethod.Refer).Respond(202, "Accepted");

        Assert.Equal(200, f.Deliver(Notify(call, 2, "active", "SIP/2.0 200 OK\r\n")).Last.StatusCode);
        Assert.True((await transfer).Succeeded);

        Assert.Equal(200, f.Deliver(Notify(call, 3, "terminated;reason=noresource", "SIP/2.0 200 OK\r\n")).Last.StatusCode);
        Assert.Equal(481, f.Deliver(Notify(call, 4, "terminated", "SIP/2.0 200 OK\r\n")).Last.StatusCode);
    }

    [Theory]
    [InlineData(486, "Busy Here")]
    [InlineData(404, "Not Found")]
    [InlineData(603, "Decline")]
    public async Task Final_failure_in_the_sipfrag_fails_the_transfer_with_its_status(int code, string reason)
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        f.Channel.Last(SipMethod.Refer).Respond(202, "Accepted");
        f.Deliver(Notify(call, 2, "active", "SIP/2.0 100 Trying\r\n"));

        RecordedServerRequest notify = f.Deliver(Notify(call, 3, "terminated;reason=noresource", $"SIP/2.0 {code} {reason}\r\n"));

        Assert.Equal(200, notify.Last.StatusCode);
        SipReferOutcome outcome = await transfer;
        Assert.False(outcome.Succeeded);
        Assert.Equal(code, outcome.StatusCode);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(SipCallState.Established, call.State);
    }

    [Theory]
    [InlineData(403, "Forbidden")]
    [InlineData(405, "Method Not Allowed")]
    [InlineData(603, "Decline")]
    public async Task Refused_refer_fails_with_the_refusal_and_the_call_stays_up(int code, string reason)
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);

        f.Channel.Last(SipMethod.Refer).Respond(code, reason);

        SipReferOutcome outcome = await transfer;
        Assert.False(outcome.Succeeded);
        Assert.Equal(code, outcome.StatusCode);
        Assert.Equal($"REFER refused: {code} {reason}", outcome.Reason);
        Assert.Equal(SipCallState.Established, call.State);
        Assert.Equal(481, f.Deliver(Notify(call, 2, "terminated", "SIP/2.0 200 OK\r\n")).Last.StatusCode);
    }

    [Fact]
    public async Task Refer_answered_481_ends_the_call()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);

        f.Channel.Last(SipMethod.Refer).Respond(481, "Call/Transaction Does Not Exist");

        Assert.Equal(481, (await transfer).StatusCode);
        Assert.Equal(SipCallEndReason.Timeout, (await call.Ended).Reason);
    }

    [Fact]
    public async Task Accepted_refer_without_a_final_notify_times_out_with_408_on_the_injected_clock()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        f.Channel.Last(SipMethod.Refer).Respond(202, "Accepted");
        f.Deliver(Notify(call, 2, "active", "SIP/2.0 100 Trying\r\n"));

        f.Run(TimeSpan.FromSeconds(31.9));
        Assert.False(transfer.IsCompleted);
        f.Run(TimeSpan.FromSeconds(0.2));

        SipReferOutcome outcome = await transfer;
        Assert.Equal(new SipReferOutcome(false, 408, "REFER accepted but no final NOTIFY within 32 s"), outcome);
        Assert.Equal(SipCallState.Established, call.State);
        Assert.Equal(481, f.Deliver(Notify(call, 3, "terminated", "SIP/2.0 200 OK\r\n")).Last.StatusCode);
    }

    [Fact]
    public async Task Unanswered_refer_times_out_and_its_transaction_failure_ends_the_call()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);

        f.Run(TimeSpan.FromSeconds(32.1));
        Assert.Equal(new SipReferOutcome(false, 408, "no answer to REFER within 32 s"), await transfer);
        Assert.Equal(SipCallState.Established, call.State);

        // Timer F: the peer never answered at all, so the dialog is given up (RFC 3261 §12.2.1.2).
        f.Channel.Last(SipMethod.Refer).Handler.OnFailure(SipTransactionTermination.Timeout);
        SipCallEnd end = await call.Ended;
        Assert.Equal(SipCallEndReason.Timeout, end.Reason);
        Assert.Equal(408, end.StatusCode);
    }

    [Fact]
    public async Task Transport_failure_fails_the_transfer_and_ends_the_call()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);

        f.Channel.Last(SipMethod.Refer).Handler.OnFailure(SipTransactionTermination.TransportError);

        Assert.Equal(new SipReferOutcome(false, 408, "REFER could not be sent"), await transfer);
        Assert.Equal(SipCallEndReason.Timeout, (await call.Ended).Reason);
    }

    [Fact]
    public async Task Refer_timeout_is_configurable()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var timers = new SipTimerQueue(clock);
        var channel = new RecordingChannel();
        var handler = new TestCallHandler { OnCall = c => c.Accept(UserAgentFixture.AnswerSdp) };
        using var agent = new SipUserAgent(channel, new SipUserAgentOptions
        {
            Addresses = [new SipAdvertisedAddress("UDP", "192.0.2.10", 5060)],
            ReferTimeout = TimeSpan.FromSeconds(5),
        }, handler, timers, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        agent.OnRequest(new RecordedServerRequest(SipText.Parse(UserAgentFixture.Invite()), "UDP", UserAgentFixture.Peer));
        Task<SipReferOutcome> transfer = handler.Last.ReferAsync(Target, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(transfer.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.2));

        Assert.True(transfer.IsCompletedSuccessfully);
        Assert.Equal(408, (await transfer).StatusCode);
    }

    [Fact]
    public async Task Notify_before_the_202_is_accepted_and_settles_the_transfer()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);

        Assert.Equal(200, f.Deliver(Notify(call, 2, "active", "SIP/2.0 100 Trying\r\n", eventValue: "refer;id=1")).Last.StatusCode);
        Assert.Equal(200, f.Deliver(Notify(call, 3, "terminated", "SIP/2.0 200 OK\r\n", eventValue: "refer;id=1")).Last.StatusCode);
        f.Channel.Last(SipMethod.Refer).Respond(202, "Accepted");

        SipReferOutcome outcome = await transfer;
        Assert.True(outcome.Succeeded);
        Assert.Equal(200, outcome.StatusCode);
    }

    [Fact]
    public async Task Refer_answered_200_by_an_older_peer_is_accepted()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        f.Channel.Last(SipMethod.Refer).Respond(200, "OK");
        Assert.False(transfer.IsCompleted);

        f.Deliver(Notify(call, 2, "terminated", "SIP/2.0 200 OK\r\n"));

        Assert.True((await transfer).Succeeded);
    }

    [Fact]
    public void Notify_for_an_unknown_subscription_gets_481_and_other_packages_489()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();

        // No transfer yet: no subscription in this dialog.
        Assert.Equal(481, f.Deliver(Notify(call, 2, "active", "SIP/2.0 100 Trying\r\n")).Last.StatusCode);

        _ = call.ReferAsync(Target, CancellationToken.None);
        Assert.Equal(481, f.Deliver(Notify(call, 3, "active", "SIP/2.0 100 Trying\r\n", eventValue: "refer;id=9")).Last.StatusCode);
        Assert.Equal(481, f.Deliver(Notify(call, 4, "active", "SIP/2.0 100 Trying\r\n", eventValue: "refer;id=x")).Last.StatusCode);

        RecordedServerRequest otherPackage = f.Deliver(Notify(call, 5, "active", "Messages-Waiting: yes\r\n",
            "application/simple-message-summary", "message-summary"));
        Assert.Equal(489, otherPackage.Last.StatusCode);
        Assert.Equal("refer", otherPackage.Last.Header(SipHeaderKind.AllowEvents));
        Assert.Equal(489, f.Deliver(UserAgentFixture.InDialog("NOTIFY", call, 6, "Subscription-State: active\n")).Last.StatusCode);

        // Outside any dialog, and in a dialog we do not know.
        Assert.Equal(481, f.Deliver(UserAgentFixture.Request("NOTIFY", "sip:appliance@192.0.2.10", "z9hG4bKood", 1, "other@192.0.2.20", null,
            "Max-Forwards: 70\nEvent: refer\nSubscription-State: active\n", "SIP/2.0 100 Trying\r\n", SipFrag)).Last.StatusCode);
        Assert.Equal(481, f.Deliver(UserAgentFixture.Request("NOTIFY", "sip:appliance@192.0.2.10", "z9hG4bKunk", 1, "other@192.0.2.20", "nope",
            "Max-Forwards: 70\nEvent: refer\nSubscription-State: active\n", "SIP/2.0 100 Trying\r\n", SipFrag)).Last.StatusCode);
        Assert.Equal(SipCallState.Established, call.State);
    }

    [Theory]
    [InlineData("SIP/2.0 2000 OK\r\n", SipFrag, "malformed sipfrag in NOTIFY: BadStatusCode")]
    [InlineData("INVITE sip:bob@192.0.2.30 SIP/2.0\r\n", SipFrag, "malformed sipfrag in NOTIFY: NotStatusLine")]
    [InlineData("garbage", SipFrag, "malformed sipfrag in NOTIFY: NotStatusLine")]
    [InlineData("SIP/3.0 200 OK\r\n", SipFrag, "malformed sipfrag in NOTIFY: UnsupportedVersion")]
    [InlineData("SIP/2.0 200 OK\r\n", "text/plain", "NOTIFY body is 'text/plain', not message/sipfrag")]
    public async Task Malformed_sipfrag_fails_the_transfer_with_a_clear_reason(string body, string contentType, string reason)
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        f.Channel.Last(SipMethod.Refer).Respond(202, "Accepted");

        RecordedServerRequest notify = f.Deliver(Notify(call, 2, "active", body, contentType));

        Assert.Equal(200, notify.Last.StatusCode);
        Assert.Equal(new SipReferOutcome(false, 400, reason), await transfer);
        Assert.Equal(SipCallState.Established, call.State);
    }

    [Theory]
    [InlineData("terminated;reason=noresource", 487)]
    [InlineData("terminated;reason=timeout", 408)]
    [InlineData("terminated;reason=rejected", 603)]
    [InlineData("terminated", 487)]
    public async Task Terminated_without_a_final_status_fails(string state, int code)
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        f.Channel.Last(SipMethod.Refer).Respond(202, "Accepted");
        f.Deliver(Notify(call, 2, "active", "SIP/2.0 100 Trying\r\n"));

        Assert.Equal(200, f.Deliver(Notify(call, 3, state, body: null)).Last.StatusCode);

        SipReferOutcome outcome = await transfer;
        Assert.False(outcome.Succeeded);
        Assert.Equal(code, outcome.StatusCode);
        Assert.Contains("without a final status", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refer_when_the_call_is_not_established_fails_without_sending()
    {
        using var f = new UserAgentFixture();
        f.Deliver(UserAgentFixture.Invite());
        IncomingCall ringing = f.Handler.Last;

        Assert.Equal(new SipReferOutcome(false, 481, "call not established"), await ringing.ReferAsync(Target, CancellationToken.None));

        ringing.Reject(486, "Busy Here");
        Assert.Equal(481, (await ringing.ReferAsync(Target, CancellationToken.None)).StatusCode);
        Assert.Equal(0, f.Channel.Count(SipMethod.Refer));
    }

    [Theory]
    [InlineData("+15557777")]
    [InlineData("http://example.com/")]
    [InlineData("sip:bob@example.com\r\nX-Evil: 1")]
    [InlineData("sip:bob@exa mple.com")]
    [InlineData("")]
    public async Task Bad_refer_to_fails_without_sending(string referTo)
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();

        SipReferOutcome outcome = await call.ReferAsync(referTo, CancellationToken.None);

        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal(0, f.Channel.Count(SipMethod.Refer));
    }

    [Theory]
    [InlineData("<sip:bob@example.com;transport=tcp>", "<sip:bob@example.com;transport=tcp>")]
    [InlineData(" sips:bob@example.com ", "<sips:bob@example.com>")]
    [InlineData("tel:+15557777", "<tel:+15557777>")]
    public void Refer_to_is_written_as_a_name_addr(string referTo, string expected)
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();

        _ = call.ReferAsync(referTo, CancellationToken.None);

        Assert.Equal(expected, f.Channel.Last(SipMethod.Refer).Message.Header(SipHeaderKind.ReferTo));
    }

    [Fact]
    public async Task Second_transfer_while_one_is_pending_is_refused_then_allowed_after()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> first = call.ReferAsync(Target, CancellationToken.None);

        Assert.Equal(491, (await call.ReferAsync("sip:other@carrier.example", CancellationToken.None)).StatusCode);
        Assert.Equal(1, f.Channel.Count(SipMethod.Refer));

        f.Channel.Last(SipMethod.Refer).Respond(603, "Decline");
        Assert.Equal(603, (await first).StatusCode);
        Task<SipReferOutcome> second = call.ReferAsync("sip:other@carrier.example", CancellationToken.None);
        Assert.Equal("2 REFER", f.Channel.Last(SipMethod.Refer).Message.Header(SipHeaderKind.CSeq));
        Assert.False(second.IsCompleted);
    }

    [Fact]
    public async Task Cancelling_stops_the_wait_and_forgets_the_subscription()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        using var cancel = new CancellationTokenSource();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, cancel.Token);
        f.Channel.Last(SipMethod.Refer).Respond(202, "Accepted");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transfer);
        Assert.Equal(481, f.Deliver(Notify(call, 2, "terminated", "SIP/2.0 200 OK\r\n")).Last.StatusCode);
        Assert.True(call.ReferAsync(Target, cancel.Token).IsCanceled);
        f.Run(TimeSpan.FromSeconds(33)); // the wait timer was stopped with it
        Assert.Equal(SipCallState.Established, call.State);
    }

    [Fact]
    public async Task Peer_hanging_up_before_the_outcome_fails_the_transfer()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();
        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        f.Channel.Last(SipMethod.Refer).Respond(202, "Accepted");

        f.Deliver(UserAgentFixture.InDialog("BYE", call, 2));

        Assert.Equal(new SipReferOutcome(false, 481, "the call ended before the transfer's outcome"), await transfer);
        Assert.Equal(481, f.Deliver(Notify(call, 3, "terminated", "SIP/2.0 200 OK\r\n")).Last.StatusCode);
    }

    [Fact]
    public async Task Outgoing_call_transfers_and_a_challenged_refer_is_named_by_its_new_cseq()
    {
        using var f = new UserAgentFixture();
        OutgoingCall call = f.Agent.PlaceCall(new OutgoingCallRequest
        {
            RequestUri = "sip:+15557654@carrier.example",
            Sdp = UserAgentFixture.AnswerSdp,
            FromUser = "+15550001",
            FromDisplayName = "Appliance",
            FromHost = "trunk.example",
            AuthUsername = "u",
            AuthPassword = "p",
        });
        f.Channel.Last(SipMethod.Invite).Respond(200, "OK", UserAgentFixture.PeerTag, "Contact: <sip:callee@198.51.100.9:5080>\n", UserAgentFixture.OfferSdp);
        Assert.True((await call.Answered).IsAnswered);

        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        RecordingChannel.SentRequest first = f.Channel.Last(SipMethod.Refer);
        Assert.Equal("sip:callee@198.51.100.9:5080", SipText.Text(first.Message.RequestUri.Raw));
        Assert.Equal("2 REFER", first.Message.Header(SipHeaderKind.CSeq));
        Assert.Equal("<sip:+15550001@trunk.example>", first.Message.Header(SipHeaderKind.ReferredBy));

        first.Respond(407, "Proxy Authentication Required", extra: "Proxy-Authenticate: Digest realm=\"carrier.example\", nonce=\"n1\"\n");
        RecordingChannel.SentRequest second = f.Channel.Last(SipMethod.Refer);
        Assert.Equal("3 REFER", second.Message.Header(SipHeaderKind.CSeq));
        Assert.StartsWith("Digest username=\"u\"", second.Message.Header("Proxy-Authorization"), StringComparison.Ordinal);
        Assert.False(transfer.IsCompleted);
        second.Respond(202, "Accepted");

        Assert.Equal(481, f.Deliver(Notify(call, 2, "terminated", "SIP/2.0 200 OK\r\n", eventValue: "refer;id=2")).Last.StatusCode);
        Assert.Equal(200, f.Deliver(Notify(call, 3, "terminated", "SIP/2.0 180 Ringing\r\n", eventValue: "refer ; id=3")).Last.StatusCode);
        Assert.Equal(new SipReferOutcome(false, 487, "subscription terminated without a final status"), await transfer);
    }

    [Fact]
    public void Incoming_refer_is_refused_with_405_and_an_allow_without_refer()
    {
        using var f = new UserAgentFixture();
        (IncomingCall call, _) = f.EstablishIncoming();

        RecordedServerRequest refer = f.Deliver(UserAgentFixture.InDialog("REFER", call, 2, "Refer-To: <sip:bob@192.0.2.30>\n"));

        Assert.Equal(405, refer.Last.StatusCode);
        Assert.Equal(SipUserAgent.Allow, refer.Last.Header(SipHeaderKind.Allow));
        Assert.DoesNotContain("REFER", SipUserAgent.Allow, StringComparison.Ordinal);
        Assert.Equal(SipCallState.Established, call.State);
        Assert.Equal(0, f.Channel.Count(SipMethod.Invite));
    }

    [Fact]
    public async Task Refer_between_two_agents_is_refused_by_the_transferee_through_the_transaction_layer()
    {
        using var net = new Loopback.AgentNetwork();
        Loopback.AgentNode a = net.AddNode("a", "192.0.2.10");
        Loopback.AgentNode b = net.AddNode("b", "192.0.2.30");
        b.Handler.OnCall = c => c.Accept(UserAgentFixture.AnswerSdp);
        OutgoingCall call = a.Agent.PlaceCall(new OutgoingCallRequest
        {
            RequestUri = "sip:+15550001@192.0.2.30",
            Sdp = UserAgentFixture.OfferSdp,
            FromUser = "alice",
        });
        net.Run(TimeSpan.FromMilliseconds(100));
        Assert.True((await call.Answered).IsAnswered);

        Task<SipReferOutcome> transfer = call.ReferAsync(Target, CancellationToken.None);
        net.Run(TimeSpan.FromMilliseconds(100));

        Assert.Equal(new SipReferOutcome(false, 405, "REFER refused: 405 Method Not Allowed"), await transfer);
        Assert.Single(net.SendTimes(a, "REFER ", "Refer-To: <" + Target + ">"));
        Assert.Equal(SipCallState.Established, call.State);
        Assert.Equal(SipCallState.Established, Assert.Single(b.Handler.Calls).State);
    }

    /// <summary>A NOTIFY from the peer in <paramref name="call"/>'s dialog (the peer's tag in From, ours in To).</summary>
    private static string Notify(SipCall call, int cseq, string state, string? body, string contentType = SipFrag, string eventValue = "refer") =>
        UserAgentFixture.Request("NOTIFY", "sip:appliance@192.0.2.10:5060", "z9hG4bKnotify" + cseq, cseq, call.CallId, call.DialogId.LocalTag,
            $"Max-Forwards: 70\nContact: <sip:caller@192.0.2.20:5060>\nEvent: {eventValue}\nSubscription-State: {state}\n", body, contentType);
}
