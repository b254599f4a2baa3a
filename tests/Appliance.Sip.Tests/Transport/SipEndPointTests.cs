using System.Net;
using System.Text;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Tests.Transport;

public class SipEndPointTests
{
    [Theory]
    [InlineData("192.0.2.10", 5060)]
    [InlineData("2001:db8::1", 5070)]
    [InlineData("255.255.255.255", 65535)]
    public void Socket_address_round_trips_without_ip_end_point(string address, int port)
    {
        var original = new IPEndPoint(IPAddress.Parse(address), port);
        SipEndPoint fromSocket = SipEndPoint.FromSocketAddress(original.Serialize());
        Assert.Equal(SipEndPoint.FromIPEndPoint(original), fromSocket);
        Assert.Equal(original, fromSocket.ToIPEndPoint());

        var target = new IPEndPoint(original.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Serialize();
        fromSocket.CopyTo(target);
        Assert.Equal(fromSocket, SipEndPoint.FromSocketAddress(target));

        Span<byte> text = stackalloc byte[64];
        int length = fromSocket.FormatAddress(text);
        Assert.Equal(address, Encoding.ASCII.GetString(text[..length]));
    }

    [Fact]
    public void Ipv4_formatting_allocates_nothing()
    {
        SipEndPoint endPoint = SipEndPoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.200"), 5060));
        Span<byte> text = stackalloc byte[64];
        endPoint.FormatAddress(text);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int length = endPoint.FormatAddress(text);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("198.51.100.200", Encoding.ASCII.GetString(text[..length]));
    }

    [Theory]
    [InlineData("192.0.2.1", 5060, true)]
    [InlineData("[2001:db8::1]", 5070, true)]
    [InlineData("proxy.example.com", 5060, false)]
    [InlineData("192.0.2.1", 70000, false)]
    public void Ip_literal_hosts_parse(string host, int port, bool ok)
    {
        Assert.Equal(ok, SipEndPoint.TryParse(Encoding.ASCII.GetBytes(host), port, out SipEndPoint endPoint));
        if (ok)
        {
            Assert.Equal(port, endPoint.Port);
            Assert.Equal(IPAddress.Parse(host.Trim('[', ']')), endPoint.ToIPAddress());
        }
    }

    [Theory]
    [InlineData("sip:a@example.com", SipTransportKind.Udp)]
    [InlineData("sip:a@example.com;transport=TCP", SipTransportKind.Tcp)]
    [InlineData("sips:a@example.com", SipTransportKind.Tls)]
    [InlineData("sip:a@example.com;transport=tls", SipTransportKind.Tls)]
    public void Transport_kind_follows_the_target_uri(string uri, SipTransportKind kind)
    {
        Assert.True(Appliance.Sip.Message.SipUri.TryParse(Encoding.ASCII.GetBytes(uri), out Appliance.Sip.Message.SipUri parsed));
        Assert.Equal(kind, SipTransportHub.KindFor(parsed));
    }
}
