using Appliance.Sip.Tests.UserAgent.Loopback;
using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

/// <summary>Two user agents on the real transaction layer over an in-memory network: whole calls, both roles at once.</summary>
public sealed class AgentToAgentTests
{
    private static OutgoingCallRequest CallB(List<SipProvisional>? progress = null) => new()
    {
        RequestUri = "sip:+15550001@192.0.2.30",
        Sdp = UserAgentFixture.OfferSdp,
        FromUser = "alice",
        OnProvisional = progress is null ? null : (_, p) => progress.Add(p),
    };

    [Fact]
    public async Task Call_answer_and_hangup_through_the_transaction_layer()
    {
        using var net = new AgentNetwork();
        AgentNode a = net.AddNode("a", "192.0.2.10");
        AgentNode b = net.AddNode("b", "192.0.2.30");
        b.Handler.OnCall = c => c.Ring();
        var progress = new List<SipProvisional>();

        OutgoingCall outgoing = a.Agent.PlaceCall(CallB(progress));
        net.Run(TimeSpan.FromMilliseconds(100));
        IncomingCall incoming = Assert.Single(b.Handler.Calls);
        Assert.Equal("alice", incoming.FromUser);
        Assert.Equal(180, Assert.Single(progress).StatusCode);

        Assert.True(incoming.Accept(UserAgentFixture.AnswerSdp));
        net.Run(TimeSpan.FromSeconds(5));

        SipCallAnswer answer = await outgoing.Answered;
        Assert.Equal(UserAgentFixture.AnswerSdp, answer.Sdp);
        Assert.Equal(SipCallState.Established, outgoing.State);
        Assert.Single(net.SendTimes(b, "SIP/2.0 200 OK", "CSeq: 1 INVITE")); // ACKed: no 2xx retransmission
        Assert.Single(net.SendTimes(a, "ACK "));
        Assert.Equal(1, a.Agent.ActiveDialogs);
        Assert.Equal(1, b.Agent.ActiveDialogs);

        outgoing.Hangup();
        net.Run(TimeSpan.FromMilliseconds(100));

        SipCallEnd end = await incoming.Ended;
        Assert.Equal(SipCallEndReason.Hangup, end.Reason);
        Assert.True(end.ByRemote);
        Assert.Single(net.SendTimes(b, "SIP/2.0 200 OK", "CSeq: 2 BYE"));
        Assert.Equal(0, a.Agent.ActiveDialogs);
        Assert.Equal(0, b.Agent.ActiveDialogs);
    }

    [Fact]
    public async Task Cancel_is_answered_by_the_layer_and_reaches_the_callee()
    {
        using var net = new AgentNetwork();
        AgentNode a = net.AddNode("a", "192.0.2.10");
        AgentNode b = net.AddNode("b", "192.0.2.30");
        b.Handler.OnCall = c => c.Ring();
        OutgoingCall outgoing = a.Agent.PlaceCall(CallB());
        net.Run(TimeSpan.FromMilliseconds(100));

        outgoing.Hangup();
        net.Run(TimeSpan.FromMilliseconds(100));

        IncomingCall incoming = b.Handler.Last;
        Assert.Equal(SipCallEndReason.Cancelled, (await incoming.Ended).Reason);
        Assert.Equal(487, (await outgoing.Answered).StatusCode);
        Assert.Single(net.SendTimes(b, "SIP/2.0 200 OK", "CSeq: 1 CANCEL"));
        Assert.False(incoming.Accept(UserAgentFixture.AnswerSdp));
        // The 487's To tag is the one our 180 carried: the layer and the agent agree on the tag.
        string ringingTag = Tag(net.Log.First(p => p.Text.StartsWith("SIP/2.0 180", StringComparison.Ordinal)).Text);
        Assert.Equal(ringingTag, Tag(net.Log.First(p => p.Text.StartsWith("SIP/2.0 487", StringComparison.Ordinal)).Text));
    }

    [Fact]
    public async Task Hold_reinvite_from_the_caller_is_answered_by_the_callee()
    {
        using var net = new AgentNetwork();
        AgentNode a = net.AddNode("a", "192.0.2.10");
        AgentNode b = net.AddNode("b", "192.0.2.30");
        b.Handler.OnCall = c =>
        {
            c.OfferHandler = (_, offer) => offer.Replace("sendonly", "recvonly", StringComparison.Ordinal);
            c.Accept(UserAgentFixture.AnswerSdp);
        };
        OutgoingCall outgoing = a.Agent.PlaceCall(CallB());
        net.Run(TimeSpan.FromMilliseconds(100));

        Task<string?> held = outgoing.ReinviteAsync(UserAgentFixture.OfferSdp.Replace("sendrecv", "sendonly", StringComparison.Ordinal));
        net.Run(TimeSpan.FromMilliseconds(100));

        Assert.Contains("a=recvonly", await held, StringComparison.Ordinal);
        Assert.Contains("a=sendonly", b.Handler.Last.RemoteSdp, StringComparison.Ordinal);
        Assert.Equal(2, net.SendTimes(a, "ACK ").Length);
        Assert.Equal(SipCallState.Established, b.Handler.Last.State);
    }

    [Fact]
    public async Task Lost_acks_make_the_callee_retransmit_its_2xx_then_bye()
    {
        using var net = new AgentNetwork();
        AgentNode a = net.AddNode("a", "192.0.2.10");
        AgentNode b = net.AddNode("b", "192.0.2.30");
        b.Handler.OnCall = c => c.Accept(UserAgentFixture.AnswerSdp);
        net.Drop = text => text.StartsWith("ACK ", StringComparison.Ordinal);
        OutgoingCall outgoing = a.Agent.PlaceCall(CallB());

        net.Run(TimeSpan.FromSeconds(33));

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], net.SendTimes(b, "SIP/2.0 200 OK", "CSeq: 1 INVITE"));
        Assert.Equal(11, net.SendTimes(a, "ACK ").Length); // every 2xx is ACKed by the caller
        Assert.Equal(SipCallEndReason.NoAck, (await b.Handler.Last.Ended).Reason);
        Assert.Equal(SipCallEndReason.Hangup, (await outgoing.Ended).Reason);
    }

    private static string Tag(string response)
    {
        string to = response.Split("\r\n").First(l => l.StartsWith("To:", StringComparison.Ordinal));
        return to[(to.IndexOf(";tag=", StringComparison.Ordinal) + 5)..];
    }
}
