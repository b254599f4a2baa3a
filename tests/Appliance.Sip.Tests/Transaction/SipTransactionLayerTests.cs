using System.Diagnostics.Metrics;
using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Tests.Transaction.Loopback;
using Appliance.Sip.Tests.Transport;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Tests.Transaction;

[Collection(MetricsCollection.Name)]
public sealed class SipTransactionLayerTests
{
    private static SipMessage Parse(string text) => SipAckBuilderTests.Parse(text);

    private static string Header(string message, string name)
    {
        foreach (string line in message.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return "";
    }

    [Fact]
    public void Tsx_uac_retransmit_invite_until_timer_b()
    {
        using var net = new LoopbackNetwork();
        using var metrics = new SipTransactionMetrics();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1", metrics: metrics);
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        net.Drop = _ => true;
        long timeouts = 0;
        var active = new Dictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Assert.Equal("appliance.sip.transaction_timeouts", instrument.Name);
            Assert.Equal(new KeyValuePair<string, object?>("kind", "client_invite"), tags[0]);
            timeouts += value;
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            Assert.Equal("appliance.sip.active_transactions", instrument.Name);
            active[(string)tags[0].Value!] = value;
        });
        listener.Start();

        SipClientTransaction tx = alice.SendRequest(TestRequests.Invite(), bob);
        listener.RecordObservableInstruments();
        Assert.Equal(1, active["client_invite"]);
        Assert.Equal(0, active["server_invite"]);
        Assert.Equal(1, metrics.Active(SipTransactionKind.ClientInvite));
        net.RunSeconds(40);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], net.SendTimes(alice, "INVITE"));
        Assert.Equal([(tx, SipTransactionTermination.Timeout)], alice.User.Terminations.Select(t => (t.Transaction as SipClientTransaction, t.Reason)));
        Assert.Equal(1, timeouts);
        Assert.Equal(0, metrics.Active(SipTransactionKind.ClientInvite));
        Assert.Equal(0, alice.Layer.Count);
    }

    [Fact]
    public void Tsx_uac_non_invite_retransmit_caps_at_t2()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        net.Drop = p => p.From == "alice";

        alice.SendRequest(TestRequests.Request("OPTIONS"), bob);
        net.RunSeconds(40);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], net.SendTimes(alice, "OPTIONS"));
        Assert.Equal(SipTransactionTermination.Timeout, Assert.Single(alice.User.Terminations).Reason);
    }

    [Fact]
    public void Tsx_uas_absorbs_invite_retransmissions_and_resends_the_last_response()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        net.Drop = p => p.From == "bob" && p.At < TimeSpan.FromSeconds(1);

        alice.SendRequest(TestRequests.Invite(), bob);
        net.RunSeconds(0.1);
        bob.User.Respond(0, 180);
        net.RunSeconds(2);

        Assert.Single(bob.User.Requests);
        // 180 lost twice (at 0.1 s and on the retransmission at 0.5 s); the third copy at 1.5 s stops Timer A.
        Assert.Equal([0, 0.5, 1.5], net.SendTimes(alice, "INVITE"));
        Assert.Equal([0.1, 0.5, 1.5], net.SendTimes(bob, "SIP/2.0 180"));
        Assert.Equal(SipTransactionState.Proceeding, alice.User.Responses.Single().Transaction.State);
    }

    [Fact]
    public void Tsx_uas_sends_100_trying_when_the_tu_is_slow()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");

        SipClientTransaction tx = alice.SendRequest(TestRequests.Invite(), bob);
        net.RunSeconds(5);

        LoopbackPacket trying = Assert.Single(net.Sent(bob, "SIP/2.0 100"));
        Assert.Equal(0.2, trying.At.TotalSeconds, 3);
        Assert.DoesNotContain(";tag=", Header(trying.Text, "To"), StringComparison.Ordinal);
        Assert.Contains("received=10.0.0.1", Header(trying.Text, "Via"), StringComparison.Ordinal);
        Assert.Contains("rport=5060", Header(trying.Text, "Via"), StringComparison.Ordinal);
        Assert.Equal([0.0], net.SendTimes(alice, "INVITE"));
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void Non_2xx_final_is_acked_with_the_invite_branch_and_confirms_the_server_transaction()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        string branch = SipBranch.Create();

        alice.SendRequest(TestRequests.Invite(branch), bob);
        net.RunSeconds(0.1);
        bob.User.Respond(0, 486);
        net.RunSeconds(40);

        string ack = Assert.Single(net.Sent(alice, "ACK")).Text;
        string busy = Assert.Single(net.Sent(bob, "SIP/2.0 486")).Text;
        SipMessage parsed = Parse(ack);
        Assert.Equal("ACK sip:bob@10.0.0.2 SIP/2.0", ack[..ack.IndexOf('\r', StringComparison.Ordinal)]);
        Assert.Equal(branch, Encoding.ASCII.GetString(parsed.TopVia.Branch.Span));
        Assert.Equal(Header(busy, "To"), Header(ack, "To"));
        Assert.Equal(Encoding.ASCII.GetString(bob.User.Requests[0].Transaction.LocalTag.Span), Encoding.ASCII.GetString(parsed.To.Tag.Span));
        Assert.Equal("1 ACK", Header(ack, "CSeq"));
        Assert.Equal("call-1", Header(ack, "Call-ID"));
        Assert.Equal("<sip:proxy.example.com;lr>", Header(ack, "Route"));
        Assert.Empty(bob.User.Acks);
        Assert.All(bob.User.Terminations, t => Assert.Equal(SipTransactionTermination.Normal, t.Reason));
        Assert.All(alice.User.Terminations, t => Assert.Equal(SipTransactionTermination.Normal, t.Reason));
        Assert.Equal(0, alice.Layer.Count + bob.Layer.Count);
    }

    [Fact]
    public void Lost_ack_makes_the_server_retransmit_and_the_client_re_ack()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        net.Drop = p => p.From == "alice" && p.StartLine.StartsWith("ACK", StringComparison.Ordinal) && p.At < TimeSpan.FromSeconds(1);

        alice.SendRequest(TestRequests.Invite(), bob);
        net.RunSeconds(0.1);
        bob.User.Respond(0, 603);
        net.RunSeconds(40);

        Assert.Equal([0.1, 0.6, 1.6], net.SendTimes(bob, "SIP/2.0 603"));
        Assert.Equal([0.1, 0.6, 1.6], net.SendTimes(alice, "ACK"));
        Assert.Single(alice.User.Responses, r => r.StatusLine.StartsWith("SIP/2.0 603", StringComparison.Ordinal));
        Assert.DoesNotContain(bob.User.Terminations, t => t.Reason == SipTransactionTermination.Timeout);
    }

    [Fact]
    public void Missing_ack_times_out_on_timer_h()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        net.Drop = p => p.From == "alice" && p.StartLine.StartsWith("ACK", StringComparison.Ordinal);

        alice.SendRequest(TestRequests.Invite(), bob);
        net.RunSeconds(0.1);
        bob.User.Respond(0, 500);
        net.RunSeconds(40);

        Assert.Equal(SipTransactionTermination.Timeout, Assert.Single(bob.User.Terminations).Reason);
    }

    [Fact]
    public void Cancel_of_a_ringing_invite_gets_200_and_the_invite_gets_487()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        var invite = (SipClientInviteTransaction)alice.SendRequest(TestRequests.Invite(), bob);
        Assert.Null(alice.Layer.SendCancel(invite, alice.User));
        net.RunSeconds(0.1);
        bob.User.Respond(0, 180);
        net.RunSeconds(0.1);

        SipClientNonInviteTransaction? cancel = alice.Layer.SendCancel(invite, alice.User);
        net.RunSeconds(40);

        Assert.NotNull(cancel);
        string cancelText = Assert.Single(net.Sent(alice, "CANCEL")).Text;
        Assert.Equal("1 CANCEL", Header(cancelText, "CSeq"));
        Assert.Equal(Header(net.Sent(alice, "INVITE")[0].Text, "Via"), Header(cancelText, "Via"));
        Assert.Equal([(cancel, "SIP/2.0 200 OK")], alice.User.Responses.Where(r => r.Transaction == cancel));
        Assert.Equal(["SIP/2.0 180 Test", "SIP/2.0 487 Request Terminated"], alice.User.Responses.Where(r => r.Transaction == invite).Select(r => r.StatusLine));
        Assert.Same(bob.User.Requests[0].Transaction, Assert.Single(bob.User.Cancelled));
        Assert.Single(bob.User.Requests);
        string ringing = net.Sent(bob, "SIP/2.0 180")[0].Text;
        Assert.Equal(Header(ringing, "To"), Header(net.Sent(bob, "SIP/2.0 487")[0].Text, "To"));
        Assert.Equal(Header(ringing, "To"), Header(net.Sent(bob, "SIP/2.0 200")[0].Text, "To"));
        Assert.Single(net.Sent(alice, "ACK"));
        Assert.Equal(0, alice.Layer.Count + bob.Layer.Count);
    }

    [Fact]
    public void Cancel_race_final_response_wins_over_a_pending_cancel()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        net.Delay = TimeSpan.FromMilliseconds(50);
        var invite = (SipClientInviteTransaction)alice.SendRequest(TestRequests.Invite(), bob);
        net.RunSeconds(0.1);
        bob.User.Respond(0, 180);
        net.RunSeconds(0.1);

        // Both in flight at once: bob's 200 and alice's CANCEL cross on the wire.
        Assert.True(bob.User.Respond(0, 200));
        SipClientNonInviteTransaction? cancel = alice.Layer.SendCancel(invite, alice.User);
        net.RunSeconds(1);

        Assert.NotNull(cancel);
        Assert.Empty(bob.User.Cancelled);
        Assert.Empty(net.Sent(bob, "SIP/2.0 487"));
        Assert.Contains((cancel, "SIP/2.0 200 OK"), alice.User.Responses);
        Assert.Contains((invite, "SIP/2.0 200 Test"), alice.User.Responses.Select(r => (r.Transaction as SipClientInviteTransaction, r.StatusLine)));
        Assert.Equal(SipTransactionState.Accepted, invite.State);
    }

    [Fact]
    public void Cancel_after_the_final_response_is_not_sent()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        var invite = (SipClientInviteTransaction)alice.SendRequest(TestRequests.Invite(), bob);
        net.RunSeconds(0.1);
        bob.User.Respond(0, 486);
        net.RunSeconds(0.1);

        Assert.Null(alice.Layer.SendCancel(invite, alice.User));
        Assert.Empty(net.Sent(alice, "CANCEL"));
    }

    [Fact]
    public void Retransmitted_cancel_gets_the_same_200_and_no_second_487()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        net.Drop = p => p.From == "bob" && p.Text.Contains("CSeq: 1 CANCEL", StringComparison.Ordinal) && p.At < TimeSpan.FromSeconds(1);
        var invite = (SipClientInviteTransaction)alice.SendRequest(TestRequests.Invite(), bob);
        net.RunSeconds(0.1);
        bob.User.Respond(0, 180);
        net.RunSeconds(0.1);

        SipClientNonInviteTransaction? cancel = alice.Layer.SendCancel(invite, alice.User);
        net.RunSeconds(40);

        Assert.Equal([0.2, 0.7, 1.7], net.SendTimes(alice, "CANCEL"));
        Assert.Equal([0.2, 0.7, 1.7], net.SendTimes(bob, "SIP/2.0 200"));
        Assert.Single(net.Sent(bob, "SIP/2.0 487"));
        Assert.Single(bob.User.Cancelled);
        Assert.Contains((cancel, "SIP/2.0 200 OK"), alice.User.Responses.Select(r => (r.Transaction as SipClientNonInviteTransaction, r.StatusLine)));
    }

    [Fact]
    public void Cancel_matching_no_invite_gets_481()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");

        alice.SendRequest(TestRequests.Request("CANCEL"), bob);
        net.RunSeconds(1);

        Assert.Equal("SIP/2.0 481 Call/Transaction Does Not Exist", Assert.Single(alice.User.Responses).StatusLine);
        Assert.Empty(bob.User.Requests);
    }

    [Fact]
    public void Merged_request_with_another_branch_gets_482()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");

        alice.SendRequest(TestRequests.Invite(), bob);
        alice.SendRequest(TestRequests.Invite(), bob);
        alice.SendRequest(TestRequests.Invite(callId: "call-2"), bob);
        net.RunSeconds(0.1);

        Assert.Equal(2, bob.User.Requests.Count);
        Assert.Equal(["SIP/2.0 482 Loop Detected"], alice.User.Responses.Select(r => r.StatusLine));
    }

    [Fact]
    public void Reliable_transport_sends_once_and_ends_server_non_invite_at_once()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1", kind: SipTransportKind.Tcp);
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2", kind: SipTransportKind.Tcp);
        bob.User.AutoRespond = 200;
        net.Drop = p => p.From == "bob" && p.At < TimeSpan.FromSeconds(1);

        alice.SendRequest(TestRequests.Request("OPTIONS", transport: "TCP"), bob);
        net.RunSeconds(40);

        Assert.Equal([0.0], net.SendTimes(alice, "OPTIONS"));
        Assert.Equal(SipTransactionTermination.Normal, Assert.Single(bob.User.Terminations).Reason);
        Assert.Equal(SipTransactionTermination.Timeout, Assert.Single(alice.User.Terminations).Reason);
    }

    [Fact]
    public void Transport_error_reaches_the_client_tu()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        alice.FailSends = true;

        alice.SendRequest(TestRequests.Request("BYE", toTag: "bob-tag"), bob);

        Assert.Equal(SipTransactionTermination.TransportError, Assert.Single(alice.User.Terminations).Reason);
        Assert.Equal(0, alice.Layer.Count);
    }

    [Fact]
    public void Ack_for_2xx_and_stray_2xx_retransmissions_go_to_the_tu()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");
        var invite = (SipClientInviteTransaction)alice.SendRequest(TestRequests.Invite(), bob);
        net.RunSeconds(0.1);
        bob.User.Respond(0, 200);
        net.RunSeconds(0.1);

        // The TU sends the 2xx ACK statelessly, with a new branch (§13.2.2.4).
        alice.SendRaw(TestRequests.Request("ACK", toTag: "x"), bob);
        net.RunSeconds(0.1);
        bob.User.Respond(0, 200);
        net.RunSeconds(40);

        // Both transactions are gone (Timers L and M); a late 2xx copy reaches alice's TU as a stray response.
        Assert.False(bob.User.Respond(0, 200));
        bob.SendRaw(net.Sent(bob, "SIP/2.0 200")[0].Text, alice);
        net.RunSeconds(0.1);

        Assert.Single(bob.User.Acks);
        Assert.Equal(2, alice.User.Responses.Count(r => r.Transaction == invite && r.StatusLine == "SIP/2.0 200 Test"));
        Assert.Single(alice.User.StrayResponses);
    }

    [Fact]
    public void Rfc2543_request_without_magic_cookie_is_matched_by_its_identity()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        LoopbackNode bob = net.AddNode("bob", "10.0.0.2");

        alice.SendRaw(TestRequests.Request("OPTIONS", branch: "1234"), bob);
        alice.SendRaw(TestRequests.Request("OPTIONS", branch: "1234"), bob);
        net.RunSeconds(0.1);

        // A new request for the TU the first time; the identical retransmission is absorbed (§17.2.3).
        Assert.Single(bob.User.Requests);
        Assert.Empty(net.Sent(bob, "SIP/2.0 400"));
    }

    [Fact]
    public void Matching_a_retransmission_allocates_nothing()
    {
        using var net = new LoopbackNetwork();
        LoopbackNode alice = net.AddNode("alice", "10.0.0.1");
        var sink = new NullTransport();
        var user = new RecordingUser();
        var layer = new SipTransactionLayer(sink, user, net.Timers);
        SipMessage invite = Parse(TestRequests.Invite());
        var source = new SipReceiveContext(alice, alice.LocalEndPoint, 0, invite);
        layer.OnMessage(invite, source);
        user.Respond(0, 180);

        layer.OnMessage(invite, source);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            layer.OnMessage(invite, source);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(102, sink.Sends);
        Assert.Single(user.Requests);
    }

    private sealed class NullTransport : ISipTransactionTransport
    {
        public int Sends { get; private set; }

        public bool Send(SipTransportKind kind, SipEndPoint destination, ReadOnlySpan<byte> message)
        {
            Sends++;
            return true;
        }

        public bool SendResponse(in SipReceiveContext context, ReadOnlySpan<byte> response)
        {
            Sends++;
            return true;
        }
    }
}
