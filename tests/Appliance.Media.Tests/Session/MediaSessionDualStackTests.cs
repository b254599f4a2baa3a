using System.Net;
using Appliance.Media.Codecs;
using Appliance.Media.Session;
using Appliance.Media.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Media.Tests.Session;

public class MediaSessionDualStackTests
{
    [Fact]
    public void Dual_mode_ports_talk_to_an_ipv4_peer_through_mapped_addresses_and_latch_it()
    {
        var allocator = new RtpPortAllocator(IPAddress.IPv6Any, 44000, 44009);
        using RtpPortPair ports = allocator.Allocate().Ports!;
        int port = ports.RtpPort;
        var time = new FakeTimeProvider();
        var factory = new MediaSessionFactory(CodecRegistry.CreateDefault(), new MediaSessionOptions(), time, pacer: null);
        using var peer = new RawPeer();
        using MediaSession session = factory.Create(SessionHarness.Media(peer.EndPoint), ports);
        session.Start(receiveLoops: false);

        session.OnTick(default);
        peer.Send([0x80, 0x00, 0, 1, 0, 0, 0, 160, 0, 0, 0, 9, .. new byte[160]], port);
        SpinWait.SpinUntil(() => ports.Rtp.Available > 0, 1000);
        session.PollReceive();
        time.Advance(TimeSpan.FromMilliseconds(20));
        session.OnTick(default);

        Assert.Equal(2, peer.ReceiveAll().Count);
        MediaSessionStatistics stats = session.GetStatistics();
        Assert.Equal(1, stats.PacketsReceived);
        Assert.Equal(0, stats.DroppedForeign);
    }
}
