using System.Text;
using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

public sealed class SipDtmfInfoTests
{
    [Theory]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", '5')]
    [InlineData("application/dtmf-relay", "signal = #\r\nDuration=100", '#')]
    [InlineData("Application/DTMF-Relay; charset=x", "Signal=10\r\n", '*')]
    [InlineData("application/dtmf-relay", "Signal=11", '#')]
    [InlineData("application/dtmf", "a\r\n", 'A')]
    [InlineData("application/dtmf", "7", '7')]
    public void Reads_the_digit(string contentType, string body, char expected)
    {
        Assert.True(SipDtmfInfo.TryParse(Encoding.ASCII.GetBytes(contentType), Encoding.ASCII.GetBytes(body), out char digit));
        Assert.Equal(expected, digit);
    }

    [Theory]
    [InlineData("application/dtmf-relay", "Duration=160")]
    [InlineData("application/dtmf-relay", "Signal")]
    [InlineData("application/dtmf-relay", "Signal=12")]
    [InlineData("application/dtmf", "")]
    [InlineData("application/xml", "5")]
    [InlineData("", "")]
    public void Rejects_anything_else(string contentType, string body) =>
        Assert.False(SipDtmfInfo.TryParse(Encoding.ASCII.GetBytes(contentType), Encoding.ASCII.GetBytes(body), out _));
}
