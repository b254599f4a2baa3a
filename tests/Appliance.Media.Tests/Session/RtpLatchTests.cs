using System.Net;
using System.Net.Sockets;
using Appliance.Media.Session;

namespace Appliance.Media.Tests.Session;

public class RtpLatchTests
{
    private static readonly SocketAddress Peer = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 30000).Serialize();
    private static readonly SocketAddress Other = new IPEndPoint(IPAddress.Parse("203.0.113.9"), 40000).Serialize();
    private static readonly TimeSpan Relatch = TimeSpan.FromSeconds(2);

    private static RtpLatch Latch() => new(AddressFamily.InterNetwork, Relatch, relatchPackets: 3);

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void First_valid_packet_latches_its_source_then_other_sources_are_foreign()
    {
        RtpLatch latch = Latch();

        Assert.Equal(RtpLatchResult.Latched, latch.Check(Peer, 1, Ms(0)));
        Assert.Equal(RtpLatchResult.Accepted, latch.Check(Peer, 1, Ms(20)));
        Assert.Equal(RtpLatchResult.Foreign, latch.Check(Other, 2, Ms(40)));
        Assert.True(latch.IsLatched);
        Assert.Equal(Peer, latch.Source);
    }

    [Fact]
    public void Another_source_cannot_take_over_while_the_latched_one_is_alive()
    {
        RtpLatch latch = Latch();
        latch.Check(Peer, 1, Ms(0));

        for (int i = 1; i <= 200; i++)
        {
            Assert.Equal(RtpLatchResult.Foreign, latch.Check(Other, 2, Ms(i * 20)));
            Assert.Equal(RtpLatchResult.Accepted, latch.Check(Peer, 1, Ms((i * 20) + 1)));
        }

        Assert.Equal(Peer, latch.Source);
    }

    [Fact]
    public void After_the_latched_source_is_silent_a_steady_new_stream_relatches()
    {
        RtpLatch latch = Latch();
        latch.Check(Peer, 1, Ms(0));
        TimeSpan silent = Relatch + Ms(1);

        Assert.Equal(RtpLatchResult.Foreign, latch.Check(Other, 9, silent));
        Assert.Equal(RtpLatchResult.Foreign, latch.Check(Other, 9, silent + Ms(20)));
        Assert.Equal(RtpLatchResult.Latched, latch.Check(Other, 9, silent + Ms(40)));
        Assert.Equal(Other, latch.Source);
        Assert.Equal(RtpLatchResult.Foreign, latch.Check(Peer, 1, silent + Ms(60)));
    }

    [Fact]
    public void A_candidate_that_changes_ssrc_or_is_interleaved_with_another_must_start_over()
    {
        RtpLatch latch = Latch();
        latch.Check(Peer, 1, Ms(0));
        TimeSpan t = Relatch + Ms(1);

        latch.Check(Other, 9, t);
        latch.Check(Other, 9, t + Ms(20));
        Assert.Equal(RtpLatchResult.Foreign, latch.Check(Other, 10, t + Ms(40))); // SSRC changed: count restarts
        Assert.Equal(RtpLatchResult.Foreign, latch.Check(Other, 10, t + Ms(60)));
        Assert.Equal(RtpLatchResult.Latched, latch.Check(Other, 10, t + Ms(80)));
    }

    [Fact]
    public void Reset_relatches_on_the_next_packet_from_anyone()
    {
        RtpLatch latch = Latch();
        latch.Check(Peer, 1, Ms(0));

        latch.Reset();

        Assert.False(latch.IsLatched);
        Assert.Equal(RtpLatchResult.Latched, latch.Check(Other, 2, Ms(20)));
        Assert.Equal(Other, latch.Source);
    }
}
