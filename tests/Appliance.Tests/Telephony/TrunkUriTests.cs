using System.Net;
using Appliance.Telephony;

namespace Appliance.Tests.Telephony;

public sealed class TrunkUriTests
{
    [Theory]
    [InlineData("sip:127.0.0.1:5080", "127.0.0.1", 5080)]
    [InlineData("sip:pbx.example.com", "pbx.example.com", 5060)]
    [InlineData("sips:pbx.example.com", "pbx.example.com", 5061)]
    [InlineData("sip:trunk@10.0.0.5;transport=tcp", "10.0.0.5", 5060)]
    [InlineData("sip:[2001:db8::1]:5070", "2001:db8::1", 5070)]
    public void Parses_host_and_port(string text, string host, int port)
    {
        Assert.True(TrunkUri.TryParse(text, out var uri));
        Assert.Equal(new TrunkUri(host, port), uri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pbx.example.com")]
    [InlineData("http://pbx.example.com")]
    [InlineData("sip:")]
    public void Rejects_what_is_not_a_sip_uri(string? text) => Assert.False(TrunkUri.TryParse(text, out _));

    [Fact]
    public void Address_is_set_only_for_ip_literals()
    {
        Assert.Equal(IPAddress.Loopback, new TrunkUri("127.0.0.1", 5060).Address);
        Assert.Null(new TrunkUri("pbx.example.com", 5060).Address);
    }
}
