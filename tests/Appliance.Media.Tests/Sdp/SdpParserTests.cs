using System.Net;
using System.Text;
using Appliance.Media.Sdp;

namespace Appliance.Media.Tests.Sdp;

public class SdpParserTests
{
    [Fact]
    public void Parses_every_field_of_the_appliance_offer()
    {
        SdpParseResult result = SdpParser.Parse(SdpSamples.ApplianceOffer);

        Assert.True(result.Success);
        SessionDescription sdp = result.Description!;
        Assert.Equal(new SdpOrigin("-", 3911234567, 3911234567, "IP4", "192.0.2.10"), sdp.Origin);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), sdp.Connection!.IPAddress);
        Assert.Equal(["0 0"], sdp.Timings);
        MediaDescription audio = Assert.Single(sdp.Media);
        Assert.Equal("audio", audio.Media);
        Assert.Equal(40000, audio.Port);
        Assert.Equal("RTP/AVP", audio.Protocol);
        Assert.Equal(["9", "0", "8", "101"], audio.Formats);
        Assert.Equal(new SdpRtpMap(101, "telephone-event", 8000), audio.FindRtpMap(101));
        Assert.Equal("0-16", audio.FindFmtp(101));
        Assert.Equal(20, audio.GetIntegerAttribute("ptime"));
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
    }

    [Fact]
    public void Serializing_a_parsed_body_reproduces_it_byte_for_byte()
    {
        string[] bodies = [SdpSamples.ApplianceOffer, SdpSamples.CarrierAnswer, SdpSamples.Rfc3264OneOfNOffer];
        foreach (string body in bodies)
        {
            Assert.Equal(body, SdpParser.Parse(body).Description!.ToString());
        }
    }

    [Fact]
    public void Keeps_unknown_attributes_and_fields_in_place()
    {
        const string body =
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=call\r\ni=info\r\nc=IN IP4 192.0.2.1\r\nb=AS:64\r\nt=0 0\r\n" +
            "a=X-session-thing:yes\r\nm=audio 4000 RTP/AVP 0\r\nb=TIAS:64000\r\na=ssrc:1234 cname:abc\r\na=label:1\r\n" +
            "a=rtcp-mux\r\na=rtcp:4001 IN IP4 192.0.2.2\r\n";

        SessionDescription sdp = SdpParser.Parse(body).Description!;

        Assert.Equal(body, sdp.ToString());
        Assert.Equal(new SdpAttribute("X-session-thing", "yes"), Assert.Single(sdp.Attributes));
        Assert.Contains(new SdpLine('b', "AS:64"), sdp.OtherLines);
        MediaDescription audio = sdp.Media[0];
        Assert.True(audio.HasAttribute("rtcp-mux"));
        Assert.Equal("1234 cname:abc", audio.GetAttribute("ssrc"));
        Assert.Equal([new SdpLine('b', "TIAS:64000")], audio.OtherLines);
    }

    [Fact]
    public void Accepts_lf_only_line_ends_and_trailing_whitespace()
    {
        string body = SdpSamples.CarrierAnswer.Replace("\r\n", "  \n", StringComparison.Ordinal);

        SdpParseResult result = SdpParser.Parse(body);

        Assert.True(result.Success);
        Assert.Equal(SdpSamples.CarrierAnswer, result.Description!.ToString());
    }

    [Fact]
    public void Parses_rfc3264_example_with_host_names_and_empty_session_name()
    {
        SessionDescription sdp = SdpParser.Parse(SdpSamples.Rfc3264AliceOffer).Description!;

        Assert.Equal("", sdp.SessionName);
        Assert.Equal("host.atlanta.example.com", sdp.Connection!.Address);
        Assert.Null(sdp.Connection.IPAddress);
        Assert.Equal(2, sdp.Media.Count);
        Assert.Equal("video", sdp.Media[1].Media);
        Assert.Equal(new SdpRtpMap(32, "MPV", 90000), sdp.Media[1].FindRtpMap(32));
    }

    [Fact]
    public void Parses_ipv6_connection_and_media_level_override()
    {
        const string body = "v=0\no=- 5 5 IN IP6 2001:db8::1\ns=-\nc=IN IP6 2001:db8::1\nt=0 0\n" +
            "m=audio 5000 RTP/AVP 0\nc=IN IP6 2001:db8::2\n";

        SessionDescription sdp = SdpParser.Parse(body).Description!;

        Assert.Equal(IPAddress.Parse("2001:db8::2"), sdp.ConnectionFor(sdp.Media[0])!.IPAddress);
        Assert.Equal("IP6", sdp.Origin.AddressType);
    }

    [Fact]
    public void Parses_from_utf8_bytes()
    {
        Assert.True(SdpParser.Parse(Encoding.UTF8.GetBytes(SdpSamples.CarrierAnswer)).Success);
    }

    [Theory]
    [InlineData("", SdpParseError.Empty, 0)]
    [InlineData("\r\n\r\n", SdpParseError.Empty, 0)]
    [InlineData("v=1\r\n", SdpParseError.BadVersion, 1)]
    [InlineData("o=- 1 1 IN IP4 1.2.3.4\r\n", SdpParseError.BadVersion, 1)]
    [InlineData("v=0\r\ns=-\r\n", SdpParseError.MissingOrigin, 2)]
    [InlineData("v=0\r\n", SdpParseError.MissingOrigin, 1)]
    [InlineData("v=0\r\no=- x 1 IN IP4 1.2.3.4\r\n", SdpParseError.MalformedOrigin, 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\n", SdpParseError.MalformedOrigin, 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.999\r\n", SdpParseError.MalformedConnection, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 bad_host!\r\n", SdpParseError.MalformedConnection, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP6 1.2.3.4\r\n", SdpParseError.MalformedConnection, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IPX 1.2.3.4\r\n", SdpParseError.MalformedConnection, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n", SdpParseError.MalformedMedia, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP\r\n", SdpParseError.MalformedMedia, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio x RTP/AVP 0\r\n", SdpParseError.MalformedMedia, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nnonsense\r\n", SdpParseError.MalformedLine, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nX=1\r\n", SdpParseError.MalformedLine, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\no=- 1 1 IN IP4 1.2.3.4\r\n", SdpParseError.UnexpectedField, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\nt=0 0\r\n", SdpParseError.UnexpectedField, 4)]
    public void Malformed_input_yields_a_reason_and_line(string body, SdpParseError error, int line)
    {
        SdpParseResult result = SdpParser.Parse(body);

        Assert.False(result.Success);
        Assert.Equal(error, result.Error);
        Assert.Equal(line, result.Line);
    }

    [Fact]
    public void Every_prefix_of_a_valid_body_parses_or_fails_cleanly()
    {
        string body = SdpSamples.ApplianceOffer;
        for (int length = 0; length <= body.Length; length++)
        {
            SdpParseResult result = SdpParser.Parse(body[..length]);
            Assert.True(result.Success || result.Error != SdpParseError.None, $"prefix {length}");
        }
    }

    [Fact]
    public void Random_mutations_never_throw()
    {
        var random = new Random(4566);
        byte[] original = Encoding.UTF8.GetBytes(SdpSamples.ApplianceOffer + SdpSamples.Rfc3264AliceOffer[SdpSamples.Rfc3264AliceOffer.IndexOf("m=", StringComparison.Ordinal)..]);
        var options = new SdpLocalOptions { Codecs = [SdpCodec.Pcmu], Address = IPAddress.Loopback, RtpPort = 4000 };
        int accepted = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] mutated = (byte[])original.Clone();
            for (int j = random.Next(1, 8); j > 0; j--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            SdpParseResult result = SdpParser.Parse(mutated);
            if (result.Success)
            {
                // Anything the parser accepts must survive negotiation, and serialization must be a fixed point.
                accepted++;
                _ = new SdpNegotiator(options, 1).CreateAnswer(result.Description!);
                string text = result.Description!.ToString();
                Assert.Equal(text, SdpParser.Parse(text).Description?.ToString());
            }
            else
            {
                Assert.NotEqual(SdpParseError.None, result.Error);
            }
        }

        Assert.InRange(accepted, 1, 2999);
    }
}
