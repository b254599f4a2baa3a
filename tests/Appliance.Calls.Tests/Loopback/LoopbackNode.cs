using System.Net;
using Appliance.Media.Codecs;
using Appliance.Media.Pacing;
using Appliance.Media.Sdp;
using Appliance.Media.Session;
using Appliance.Media.Sockets;
using Appliance.Pipeline.Agents;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;
using Appliance.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Calls.Tests.Loopback;

/// <summary>
/// A whole call stack on 127.0.0.1 in-process: UDP SIP on an ephemeral port, a real pacer and RTP ports, and a
/// <see cref="CallManager"/> routing every incoming call to one agent (or a test's own SIP handler taking them instead).
/// </summary>
internal sealed class LoopbackNode : IAsyncDisposable
{
    private readonly SipTransportHub _hub;
    private readonly SipTimerQueue _timers;
    private readonly CancellationTokenSource _stopping;
    private readonly Task _pacerLoop;
    private readonly CallMetrics _metrics;

    private LoopbackNode(SipTransportHub hub, SipTimerQueue timers, CancellationTokenSource stopping, Task pacerLoop, CallMetrics metrics,
        CallManager calls, CallAdmission admission, SipUserAgent agent, int port, RtpPortAllocator ports)
    {
        _hub = hub;
        _timers = timers;
        _stopping = stopping;
        _pacerLoop = pacerLoop;
        _metrics = metrics;
        Calls = calls;
        Admission = admission;
        Agent = agent;
        Port = port;
        Ports = ports;
    }

    public CallManager Calls { get; }

    public CallAdmission Admission { get; }

    public SipUserAgent Agent { get; }

    public int Port { get; }

    public RtpPortAllocator Ports { get; }

    public string Uri(string user) => $"sip:{user}@127.0.0.1:{Port}";

    public static LoopbackNode Start(AgentDefinition agent, TimeSpan? ringTimeout = null, ISipCallHandler? handler = null)
    {
        var time = TimeProvider.System;
        var stopping = new CancellationTokenSource();
        var pacer = new MediaPacer(time);
        var pacerLoop = pacer.RunAsync(stopping.Token);
        var sessions = new MediaSessionFactory(CodecRegistry.CreateDefault(), new MediaSessionOptions(), time, pacer);
        var ports = new RtpPortAllocator(IPAddress.Any, 41000, 41999);
        var admission = new CallAdmission(10);
        var metrics = new CallMetrics();
        var calls = new CallManager(
            new CallManagerOptions { Codecs = [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.G722], RingTimeout = ringTimeout ?? TimeSpan.FromSeconds(60) },
            admission, new SingleAgentRouter(agent), ports, sessions, time, NullLoggerFactory.Instance, metrics);

        var transport = new SipTransportOptions();
        transport.Listeners.Add(new SipListenerOptions(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 0)));
        var hub = new SipTransportHub(transport, timeProvider: time);
        var timers = new SipTimerQueue(time);
        var adapter = new SipTransportHubAdapter(hub);
        var binding = new SipTransactionLayerBinding(adapter);
        binding.Layer = new SipTransactionLayer(adapter, binding, timers);
        hub.Start(binding.Layer);
        var port = hub.Transports[0].LocalEndPoint.Port;
        var userAgent = new SipUserAgent(binding, new SipUserAgentOptions { Addresses = [new SipAdvertisedAddress("UDP", "127.0.0.1", port)] },
            handler ?? calls, timers, NullLoggerFactory.Instance);
        binding.Agent = userAgent;
        calls.UseUserAgent(userAgent);
        return new LoopbackNode(hub, timers, stopping, pacerLoop, metrics, calls, admission, userAgent, port, ports);
    }

    public async ValueTask DisposeAsync()
    {
        await Calls.DisposeAsync();
        await _hub.DisposeAsync();
        await _stopping.CancelAsync();
        await _pacerLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Agent.Dispose();
        _timers.Dispose();
        _metrics.Dispose();
        _stopping.Dispose();
    }

    private sealed class SingleAgentRouter(AgentDefinition agent) : ICallRouter
    {
        public CallRoute Route(IncomingCallInfo call) => CallRoute.ToAgent(agent, TimeSpan.Zero, trunk: "loop");
    }
}
