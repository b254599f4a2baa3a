using System.Net;
using System.Net.Sockets;
using Appliance.Media.Sockets;

namespace Appliance.Media.Tests.Sockets;

public class RtpPortAllocatorTests
{
    // A range per test, high in the ephemeral space, so parallel tests never contend for the same ports.
    private static RtpPortAllocator Allocator(int basePort, int pairs) => new(IPAddress.Loopback, basePort, basePort + (2 * pairs) - 1);

    [Fact]
    public void Allocates_even_rtp_port_with_rtcp_on_the_next_one_and_both_bound()
    {
        var allocator = Allocator(41000, 4);

        RtpPortAllocation allocation = allocator.Allocate();

        Assert.True(allocation.Success);
        using RtpPortPair ports = allocation.Ports;
        Assert.Equal(0, ports.RtpPort % 2);
        Assert.Equal(ports.RtpPort + 1, ports.RtcpPort);
        Assert.Equal(ports.RtpPort, ((IPEndPoint)ports.Rtp.LocalEndPoint!).Port);
        Assert.Equal(ports.RtcpPort, ((IPEndPoint)ports.Rtcp!.LocalEndPoint!).Port);
        Assert.InRange(ports.RtpPort, 41000, 41006);
    }

    [Fact]
    public void Odd_minimum_is_rounded_up_to_even()
    {
        var allocator = new RtpPortAllocator(IPAddress.Loopback, 41101, 41110);

        Assert.Equal(41102, allocator.MinPort);
        Assert.Equal(4, allocator.Capacity);
    }

    [Fact]
    public void Rtcp_mux_binds_only_the_rtp_port_but_reserves_the_pair()
    {
        var allocator = Allocator(41200, 2);

        using RtpPortPair ports = allocator.Allocate(rtcpMux: true).Ports!;

        Assert.Null(ports.Rtcp);
        Assert.Equal(1, allocator.Allocated);
    }

    [Fact]
    public void Exhaustion_is_a_result_not_an_exception_and_release_makes_the_pair_reusable()
    {
        var allocator = Allocator(41300, 2);
        RtpPortAllocation first = allocator.Allocate();
        RtpPortAllocation second = allocator.Allocate();

        RtpPortAllocation third = allocator.Allocate();

        Assert.True(first.Success);
        Assert.True(second.Success);
        Assert.NotEqual(first.Ports.RtpPort, second.Ports.RtpPort);
        Assert.Equal(RtpPortAllocationStatus.Exhausted, third.Status);
        Assert.Null(third.Ports);

        int released = first.Ports.RtpPort;
        first.Ports.Dispose();
        first.Ports.Dispose(); // idempotent: releases once
        RtpPortAllocation again = allocator.Allocate();

        Assert.True(again.Success);
        Assert.Equal(released, again.Ports.RtpPort);
        Assert.Equal(2, allocator.Allocated);
        again.Ports.Dispose();
        second.Ports.Dispose();
        Assert.Equal(0, allocator.Allocated);
    }

    [Fact]
    public void Released_pair_is_reused_last_so_late_packets_of_an_old_call_miss_new_calls()
    {
        var allocator = Allocator(41400, 3);
        RtpPortPair a = allocator.Allocate().Ports!;
        int firstPort = a.RtpPort;
        a.Dispose();

        using RtpPortPair b = allocator.Allocate().Ports!;
        using RtpPortPair c = allocator.Allocate().Ports!;

        Assert.NotEqual(firstPort, b.RtpPort);
        Assert.NotEqual(firstPort, c.RtpPort);
    }

    [Fact]
    public void Ports_held_by_another_socket_are_skipped()
    {
        using var squatterRtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatterRtp.Bind(new IPEndPoint(IPAddress.Loopback, 41500));
        using var squatterRtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatterRtcp.Bind(new IPEndPoint(IPAddress.Loopback, 41503)); // blocks the second pair's RTCP port
        var allocator = Allocator(41500, 3);

        RtpPortAllocation allocation = allocator.Allocate();
        RtpPortAllocation exhausted = allocator.Allocate();

        Assert.True(allocation.Success);
        Assert.Equal(41504, allocation.Ports.RtpPort);
        Assert.False(exhausted.Success);
        allocation.Ports.Dispose();
    }

    [Fact]
    public void Concurrent_allocations_never_hand_out_a_pair_twice()
    {
        var allocator = Allocator(41600, 40);
        var ports = new RtpPortPair?[64];

        Parallel.For(0, ports.Length, i => ports[i] = allocator.Allocate().Ports);

        RtpPortPair[] granted = [.. ports.OfType<RtpPortPair>()];
        Assert.Equal(40, granted.Length);
        Assert.Equal(40, granted.Select(p => p.RtpPort).Distinct().Count());
        foreach (RtpPortPair pair in granted)
        {
            pair.Dispose();
        }

        Assert.Equal(0, allocator.Allocated);
    }
}
