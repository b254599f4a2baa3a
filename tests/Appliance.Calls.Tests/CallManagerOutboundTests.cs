using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Appliance.Calls.Tests.Loopback;
using Appliance.Media.Sdp;
using Appliance.Pipeline.Agents;
using Appliance.Sip.UserAgent;

namespace Appliance.Calls.Tests;

/// <summary>Two call managers on loopback, one placing calls to the other (or to a scripted callee): real SIP, RTP and pipelines.</summary>
public sealed class CallManagerOutboundTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static OutboundCallRequest CallTo(LoopbackNode callee, AgentDefinition agent, IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        IReadOnlyDictionary<string, string>? variables = null) => new()
    {
        Target = new DialTarget { RequestUri = callee.Uri("+15552223333"), FromUser = "+15550001111", Headers = headers ?? [] },
        Route = CallRoute.ToAgent(agent, TimeSpan.Zero, trunk: "carrier"),
        To = "+15552223333",
        Variables = variables ?? new Dictionary<string, string>(),
    };

    [Fact]
    public async Task An_answered_call_runs_both_agents_with_their_call_info_and_ends_through_a_hang_up()
    {
        var callee = new ProbeAgent();
        var caller = new ProbeAgent();
        await using var b = LoopbackNode.Start(callee.Definition);
        await using var a = LoopbackNode.Start(caller.Definition);

        var placed = a.Calls.Originate(CallTo(b, caller.Definition, [new("X-Campaign", "spring-42")], new Dictionary<string, string> { ["customer"] = "42" }));
        Assert.Equal(DialRefusal.None, placed.Refusal);
        var id = placed.Call!.Id;
        Assert.Equal(CallState.Dialing, placed.Call.State);
        Assert.Equal(CallDirection.Outbound, placed.Call.Direction);

        var ours = await caller.Context.WaitAsync(Patience);
        Assert.Equal(id, ours.Call!.CallId);
        Assert.Equal(CallDirection.Outbound, ours.Call.Direction);
        Assert.Equal("+15552223333", ours.Call.To);
        Assert.Equal("carrier", ours.Call.Trunk);
        Assert.Equal("42", ours.Call.Variables["customer"]);
        Assert.Equal("PCMU", ours.Call.Codec);
        Assert.Equal(16000, ours.Port.SampleRate);

        // The callee's side of the same call: same id (the SIP Call-ID), our X- header, our caller id.
        var theirs = await callee.Context.WaitAsync(Patience);
        Assert.Equal(id, theirs.Call!.CallId);
        Assert.Equal(CallDirection.Inbound, theirs.Call.Direction);
        Assert.Equal("+15550001111", theirs.Call.From);
        Assert.Equal("+15552223333", theirs.Call.To);
        Assert.Contains(new KeyValuePair<string, string>("X-Campaign", "spring-42"), theirs.Call.Headers);

        var answered = await WaitForAsync(() => a.Calls.Find(id), s => s.State == CallState.Answered);
        Assert.Equal(200, answered.SipStatus);
        Assert.Equal("PCMU", answered.Codec);
        Assert.Equal("probe", answered.Agent);
        Assert.NotNull(answered.AnsweredAt);

        // Keys the agent sends arrive at the other agent as RFC 4733 events.
        Assert.True(ours.Actions!.SendDtmf("12#"));
        await WaitForAsync(() => callee.Digits, digits => digits == "12#");

        var ended = await a.Calls.HangupAsync(id, CancellationToken.None);
        Assert.Equal(CallState.Ended, ended!.State);
        Assert.Equal(CallDisposition.Answered, ended.Disposition);
        Assert.Equal(CallEndReason.LocalHangup, ended.EndReason);
        Assert.False(ended.EndedByRemote);
        Assert.True(ended.Media!.Value.PacketsSent > 0 && ended.Media.Value.PacketsReceived > 0, $"{ended.Media}");

        var ourOutcome = await ours.Ended!.WaitAsync(Patience);
        Assert.Equal("LocalHangup", ourOutcome.Reason);
        Assert.False(ourOutcome.ByRemote);
        var theirOutcome = await theirs.Ended!.WaitAsync(Patience);
        Assert.Equal("RemoteHangup", theirOutcome.Reason);
        Assert.True(theirOutcome.ByRemote);
        var remote = await WaitForAsync(() => b.Calls.Find(id), s => s.State == CallState.Ended);
        Assert.Equal(CallDisposition.Answered, remote.Disposition);
        Assert.Equal(CallEndReason.RemoteHangup, remote.EndReason);

        Assert.Equal(0, a.Calls.ActiveCalls);
        Assert.Equal(0, a.Admission.Active);
        Assert.Equal(0, a.Ports.Allocated);
    }

    [Fact]
    public async Task An_agent_that_runs_at_the_codec_rate_gets_8_kHz_for_G711()
    {
        var caller = new ProbeAgent(runsAtCodecRate: true);
        await using var b = LoopbackNode.Start(new ProbeAgent().Definition);
        await using var a = LoopbackNode.Start(caller.Definition);

        var id = a.Calls.Originate(CallTo(b, caller.Definition)).Call!.Id;

        Assert.Equal(8000, (await caller.Context.WaitAsync(Patience)).Port.SampleRate);
        await a.Calls.HangupAsync(id, CancellationToken.None);
    }

    [Fact]
    public async Task A_busy_callee_ends_the_attempt_as_busy_and_frees_its_slot_and_ports()
    {
        var agent = new ProbeAgent();
        await using var b = LoopbackNode.Start(agent.Definition, handler: new ScriptedCallee(call => call.Reject(486, "Busy Here")));
        await using var a = LoopbackNode.Start(agent.Definition);

        var id = a.Calls.Originate(CallTo(b, agent.Definition)).Call!.Id;

        var ended = await WaitForAsync(() => a.Calls.Find(id), s => s.State == CallState.Ended);
        Assert.Equal(CallDisposition.Busy, ended.Disposition);
        Assert.Equal(486, ended.SipStatus);
        Assert.Equal("Busy Here", ended.SipReason);
        Assert.Equal(CallEndReason.Failed, ended.EndReason);
        Assert.Null(ended.AnsweredAt);
        Assert.False(agent.Context.IsCompleted);
        Assert.Equal(0, a.Admission.Active);
        Assert.Equal(0, a.Ports.Allocated);
    }

    [Fact]
    public async Task A_call_that_rings_past_the_ring_timeout_is_cancelled_as_no_answer()
    {
        var agent = new ProbeAgent();
        var callee = new ScriptedCallee(call => call.Ring());
        await using var b = LoopbackNode.Start(agent.Definition, handler: callee);
        await using var a = LoopbackNode.Start(agent.Definition, ringTimeout: TimeSpan.FromMilliseconds(300));

        var id = a.Calls.Originate(CallTo(b, agent.Definition)).Call!.Id;

        Assert.Equal(CallState.Ringing, (await WaitForAsync(() => a.Calls.Find(id), s => s.State >= CallState.Ringing)).State);
        var ended = await WaitForAsync(() => a.Calls.Find(id), s => s.State == CallState.Ended);
        Assert.Equal(CallDisposition.NoAnswer, ended.Disposition);
        Assert.Equal(CallEndReason.NoAnswer, ended.EndReason);
        Assert.Equal(SipCallEndReason.Cancelled, (await (await callee.Call.WaitAsync(Patience)).Ended.WaitAsync(Patience)).Reason);
        // The 487 to the CANCEL arrives after the attempt was reported over.
        Assert.Equal(487, (await WaitForAsync(() => a.Calls.Find(id), s => s.SipStatus is not null)).SipStatus);
    }

    [Fact]
    public async Task Hanging_up_while_it_rings_cancels_the_call()
    {
        var agent = new ProbeAgent();
        var callee = new ScriptedCallee(call => call.Ring());
        await using var b = LoopbackNode.Start(agent.Definition, handler: callee);
        await using var a = LoopbackNode.Start(agent.Definition);
        var id = a.Calls.Originate(CallTo(b, agent.Definition)).Call!.Id;
        await WaitForAsync(() => a.Calls.Find(id), s => s.State == CallState.Ringing);

        var ended = await a.Calls.HangupAsync(id, CancellationToken.None);

        Assert.Equal(CallDisposition.Cancelled, ended!.Disposition);
        Assert.Equal(CallEndReason.Cancelled, ended.EndReason);
        Assert.Equal(SipCallEndReason.Cancelled, (await (await callee.Call.WaitAsync(Patience)).Ended.WaitAsync(Patience)).Reason);
        Assert.Null(await a.Calls.HangupAsync("no-such-call", CancellationToken.None));
    }

    [Fact]
    public async Task Early_media_from_a_183_is_received_before_the_answer()
    {
        using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var rtpPort = ((IPEndPoint)rtp.LocalEndPoint!).Port;
        var agent = new ProbeAgent();
        var callee = new ScriptedCallee(call => call.SendEarlyMedia(AnswerSdp(call.RemoteSdp!, rtpPort)));
        await using var b = LoopbackNode.Start(agent.Definition, handler: callee);
        await using var a = LoopbackNode.Start(agent.Definition);

        var id = a.Calls.Originate(CallTo(b, agent.Definition)).Call!.Id;
        var incoming = await callee.Call.WaitAsync(Patience);
        var early = await WaitForAsync(() => a.Calls.Find(id), s => s.State == CallState.Early);
        Assert.Equal("PCMU", early.Codec);

        // A ringback tone's worth of RTP to the port our offer named: the early session takes it in.
        var offer = SdpParser.Parse(incoming.RemoteSdp!).Description!;
        var ourRtp = new IPEndPoint(IPAddress.Loopback, offer.Media[0].Port);
        for (ushort seq = 0; seq < 10; seq++)
        {
            rtp.SendTo(RtpPcmu(seq), ourRtp);
        }
        await WaitForAsync(() => a.Calls.Find(id), s => s.Media?.PacketsReceived >= 10);
        Assert.Equal(CallState.Early, a.Calls.Find(id)!.State);
        Assert.False(agent.Context.IsCompleted);

        Assert.True(incoming.Accept(AnswerSdp(incoming.RemoteSdp!, rtpPort)));
        await WaitForAsync(() => a.Calls.Find(id), s => s.State == CallState.Answered);
        await agent.Context.WaitAsync(Patience);

        incoming.Hangup();
        var ended = await WaitForAsync(() => a.Calls.Find(id), s => s.State == CallState.Ended);
        Assert.Equal(CallEndReason.RemoteHangup, ended.EndReason);
        Assert.True(ended.EndedByRemote);
        Assert.Equal(0, a.Ports.Allocated);
    }

    [Fact]
    public async Task A_transfer_the_peer_refuses_leaves_the_call_up_and_a_bad_target_is_refused_at_once()
    {
        var caller = new ProbeAgent();
        await using var b = LoopbackNode.Start(new ProbeAgent().Definition);
        await using var a = LoopbackNode.Start(caller.Definition);
        var id = a.Calls.Originate(CallTo(b, caller.Definition)).Call!.Id;
        var actions = (await caller.Context.WaitAsync(Patience)).Actions!;
        await WaitForAsync(() => a.Calls.Find(id), s => s.State == CallState.Answered);

        // The appliance never acts on a REFER it receives: the transfer fails and both legs stay up.
        var refused = await actions.TransferAsync("+15557778888", CancellationToken.None).WaitAsync(Patience);
        Assert.False(refused.Accepted);
        Assert.InRange(refused.StatusCode, 400, 699);
        var bad = await actions.TransferAsync("reception", CancellationToken.None);
        Assert.Equal(new TransferOutcome(false, 400, bad.Reason), bad);

        Assert.Equal(CallState.Answered, a.Calls.Find(id)!.State);
        await a.Calls.HangupAsync(id, CancellationToken.None);
    }

    [Fact]
    public async Task While_draining_no_call_is_placed()
    {
        var agent = new ProbeAgent();
        await using var b = LoopbackNode.Start(agent.Definition);
        await using var a = LoopbackNode.Start(agent.Definition);
        a.Calls.BeginDrain();

        var result = a.Calls.Originate(CallTo(b, agent.Definition));

        Assert.False(result.Placed);
        Assert.Equal(DialRefusal.Draining, result.Refusal);
        Assert.Empty(a.Calls.List());
        Assert.Equal(0, a.Ports.Allocated);
    }

    /// <summary>Our SDP answer to <paramref name="offer"/>, with media at <paramref name="rtpPort"/>.</summary>
    private static string AnswerSdp(string offer, int rtpPort) =>
        new SdpNegotiator(new SdpLocalOptions { Codecs = [SdpCodec.Pcmu], Address = IPAddress.Loopback, RtpPort = rtpPort }, 7)
            .CreateAnswer(SdpParser.Parse(offer).Description!).Answer!.ToString();

    /// <summary>An RTP packet of 20 ms PCMU silence.</summary>
    private static byte[] RtpPcmu(ushort sequence)
    {
        var packet = new byte[12 + 160];
        packet[0] = 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 160u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1234_5678);
        packet.AsSpan(12).Fill(0xFF);
        return packet;
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> read, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        T? value = read();
        while (value is null || !condition(value))
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met; last value: {value}");
            await Task.Delay(10);
            value = read();
        }
        return value;
    }

    /// <summary>A callee whose behaviour the test scripts: the incoming call is handed to <paramref name="onCall"/>.</summary>
    private sealed class ScriptedCallee(Action<IncomingCall> onCall) : ISipCallHandler
    {
        private readonly TaskCompletionSource<IncomingCall> _call = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IncomingCall> Call => _call.Task;

        public void OnIncomingCall(IncomingCall call)
        {
            onCall(call);
            _call.TrySetResult(call);
        }
    }
}
