using System.Text;
using Appliance.Sip.Message;

namespace Appliance.Sip.Tests.Message;

public class SipMessageParserTests
{
    private static SipMessage Parse(string text)
    {
        var message = new SipMessage();
        Assert.Equal(SipParseError.None, message.Parse(SipTestText.Wire(text)));
        return message;
    }

    private static string T(ReadOnlyMemory<byte> bytes) => SipTestText.Text(bytes);

    [Fact]
    public void Invite_exposes_typed_values()
    {
        SipMessage m = Parse(SipTestText.Invite);

        Assert.True(m.IsRequest);
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal("sip:bob@biloxi.example.com", T(m.RequestUri.Raw));
        Assert.Equal("bob", T(m.RequestUri.User));
        Assert.Equal("biloxi.example.com", T(m.RequestUri.Host));

        Assert.Equal("UDP", T(m.TopVia.Transport));
        Assert.Equal("pc33.atlanta.example.com", T(m.TopVia.Host));
        Assert.Equal(5062, m.TopVia.Port);
        Assert.Equal("z9hG4bK776asdhds", T(m.TopVia.Branch));
        Assert.True(m.TopVia.HasRfc3261Branch);
        Assert.Equal(0, m.TopVia.Rport);

        Assert.Equal("Alice \\\"A\\\" Liddell", T(m.From.DisplayName));
        Assert.Equal("1928301774", T(m.From.Tag));
        Assert.Equal("alice", T(m.From.Uri.User));
        Assert.Equal("Bob", T(m.To.DisplayName));
        Assert.False(m.To.HasTag);
        Assert.Equal("a84b4c76e66710@pc33.atlanta.example.com", T(m.CallId));
        Assert.Equal(314159u, m.CSeq.Number);
        Assert.Equal(SipMethod.Invite, m.CSeq.Method);
        Assert.Equal(70, m.MaxForwards);
        Assert.Equal(120, m.Expires);
        Assert.Equal("application/sdp", T(m.ContentType));
        Assert.Equal(m.ContentLength, m.Body.Length);
        Assert.StartsWith("v=0\r\n", T(m.Body), StringComparison.Ordinal);

        Assert.True(m.TryGetDeltaSeconds(SipHeaderKind.SessionExpires, out uint se));
        Assert.Equal(1800u, se);
        Assert.True(m.TryGetDeltaSeconds(SipHeaderKind.MinSE, out uint minSe));
        Assert.Equal(90u, minSe);
        Assert.True(m.HasToken(SipHeaderKind.Supported, "100rel"u8));
        Assert.True(m.HasToken(SipHeaderKind.Allow, "BYE"u8));
        Assert.False(m.HasToken(SipHeaderKind.Allow, "PRACK"u8));
        Assert.True(m.TryGetHeader("x-custom"u8, out ReadOnlyMemory<byte> custom));
        Assert.Equal("anything, goes; here", T(custom));
    }

    [Fact]
    public void All_vias_contacts_and_routes_enumerate_in_order()
    {
        SipMessage m = Parse(SipTestText.Invite);

        var vias = new List<string>();
        foreach (ReadOnlyMemory<byte> value in m.GetValues(SipHeaderKind.Via))
        {
            Assert.True(SipVia.TryParse(value, out SipVia via));
            vias.Add(T(via.Host) + ":" + via.Port + "/" + T(via.Transport));
        }

        Assert.Equal(["pc33.atlanta.example.com:5062/UDP", "10.0.0.1:0/UDP", "[2001:db8::1]:5070/TCP"], vias);

        var contacts = new List<SipNameAddress>();
        foreach (ReadOnlyMemory<byte> value in m.GetValues(SipHeaderKind.Contact))
        {
            Assert.True(SipNameAddress.TryParse(value, out SipNameAddress contact));
            contacts.Add(contact);
        }

        Assert.Equal(2, contacts.Count);
        Assert.True(contacts[0].TryGetExpires(out uint expires));
        Assert.Equal(3600u, expires);
        Assert.True(contacts[0].Uri.TryGetParameter("transport"u8, out ReadOnlyMemory<byte> transport));
        Assert.Equal("tcp", T(transport));
        Assert.Equal("Second", T(contacts[1].DisplayName));

        var routes = new List<string>();
        foreach (ReadOnlyMemory<byte> value in m.GetValues(SipHeaderKind.Route))
        {
            routes.Add(T(value));
        }

        Assert.Equal(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"], routes);
    }

    [Fact]
    public void Headers_keep_received_order_and_names()
    {
        SipMessage m = Parse(SipTestText.Invite);
        Assert.Equal("Via", T(m.Headers[0].Name));
        Assert.Equal(SipHeaderKind.MaxForwards, m.Headers[2].Kind);
        Assert.Equal("X-Custom", T(m.Headers[17].Name));
        Assert.Equal(SipHeaderKind.Other, m.Headers[17].Kind);
    }

    [Fact]
    public void Response_exposes_status_and_reason()
    {
        SipMessage m = Parse(SipTestText.Ok);
        Assert.True(m.IsResponse);
        Assert.Equal(200, m.StatusCode);
        Assert.Equal("OK", T(m.ReasonPhrase));
        Assert.Equal("192.0.2.1", T(m.TopVia.Received));
        Assert.Equal("a6c85cf", T(m.To.Tag));
        Assert.Equal(0, m.Body.Length);
    }

    [Fact]
    public void Compact_forms_map_to_the_same_kinds()
    {
        SipMessage m = Parse("""
            OPTIONS sip:u@example.com SIP/2.0
            v: SIP/2.0/TCP h.example.com;branch=z9hG4bK1
            f: <sip:a@example.com>;tag=1
            t: <sip:u@example.com>
            i: compact@example.com
            CSeq: 1 OPTIONS
            m: <sip:a@h.example.com>
            k: timer
            c: text/plain
            l: {CL}

            hi
            """);

        Assert.Equal("compact@example.com", T(m.CallId));
        Assert.Equal("1", T(m.From.Tag));
        Assert.True(m.HasToken(SipHeaderKind.Supported, "timer"u8));
        Assert.Equal("text/plain", T(m.ContentType));
        Assert.Equal("hi", T(m.Body));
        Assert.True(m.TryGetHeader(SipHeaderKind.Contact, out _));
    }

    [Fact]
    public void Leading_crlfs_are_ignored_and_missing_content_length_takes_the_datagram()
    {
        byte[] wire = SipTestText.Wire("""


            MESSAGE sip:u@example.com SIP/2.0
            Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1
            From: <sip:a@example.com>;tag=1
            To: <sip:u@example.com>
            Call-ID: x
            CSeq: 1 MESSAGE

            body
            """);
        var m = new SipMessage();
        Assert.Equal(SipParseError.None, m.Parse(wire));
        Assert.Equal(SipMethod.Message, m.Method);
        Assert.Equal(-1, m.ContentLength);
        Assert.Equal("body", T(m.Body));
        Assert.StartsWith("MESSAGE", T(m.Buffer), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip:alice:secret@atlanta.com;transport=tcp", SipUriScheme.Sip, "alice", "atlanta.com", 0)]
    [InlineData("sips:alice@atlanta.com?subject=project%20x&priority=urgent", SipUriScheme.Sips, "alice", "atlanta.com", 0)]
    [InlineData("sip:+1-212-555-1212:1234@gateway.com;user=phone", SipUriScheme.Sip, "+1-212-555-1212", "gateway.com", 0)]
    [InlineData("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com", SipUriScheme.Sip, "", "atlanta.com", 0)]
    [InlineData("sip:[2001:db8::10]:5070", SipUriScheme.Sip, "", "[2001:db8::10]", 5070)]
    [InlineData("sip:user@192.0.2.1:65535", SipUriScheme.Sip, "user", "192.0.2.1", 65535)]
    [InlineData("tel:+1-201-555-0123;phone-context=example.com", SipUriScheme.Tel, "+1-201-555-0123", "", 0)]
    [InlineData("isbn:2983792873", SipUriScheme.Other, "", "", 0)]
    public void Uris_parse(string text, SipUriScheme scheme, string user, string host, int port)
    {
        Assert.True(SipUri.TryParse(Encoding.ASCII.GetBytes(text), out SipUri uri));
        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(user, T(uri.User));
        Assert.Equal(host, T(uri.Host));
        Assert.Equal(port, uri.Port);
    }

    [Theory]
    [InlineData("sip:user@example.com:99999")]
    [InlineData("sip:user@[2001:db8::1")]
    [InlineData("sip:us er@example.com")]
    [InlineData("sip:user@example.com;%zz")]
    [InlineData("sip:user%4@example.com")]
    [InlineData("<sip:user@example.com>")]
    [InlineData("sip:")]
    [InlineData("tel:")]
    public void Bad_uris_fail(string text) => Assert.False(SipUri.TryParse(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void Unescape_decodes_percent_escapes()
    {
        Span<byte> buffer = stackalloc byte[32];
        int n = SipUri.Unescape("sips%3Auser%40example.com"u8, buffer);
        Assert.Equal("sips:user@example.com", Encoding.ASCII.GetString(buffer[..n]));
        Assert.Equal(-1, SipUri.Unescape("bad%4"u8, buffer));
    }

    [Fact]
    public void Clone_survives_the_original_buffer()
    {
        byte[] wire = SipTestText.Wire(SipTestText.Invite);
        var m = new SipMessage();
        Assert.Equal(SipParseError.None, m.Parse(wire));
        SipMessage copy = m.Clone();
        Array.Clear(wire);
        Assert.Equal("a84b4c76e66710@pc33.atlanta.example.com", T(copy.CallId));
        Assert.Equal(SipMethod.Invite, copy.Method);
    }

    [Fact]
    public void Limits_are_enforced()
    {
        byte[] invite = SipTestText.Wire(SipTestText.Invite);
        Assert.Equal(SipParseError.MessageTooLarge, new SipMessage(new SipParserLimits { MaxMessageSize = 200 }).Parse(invite));
        Assert.Equal(SipParseError.TooManyHeaders, new SipMessage(new SipParserLimits { MaxHeaderCount = 5 }).Parse(invite));
        Assert.Equal(SipParseError.LineTooLong, new SipMessage(new SipParserLimits { MaxLineLength = 40 }).Parse(invite));
    }

    [Fact]
    public void Uas_checks_find_unsupported_require_and_content_type()
    {
        SipMessage m = Parse(SipTestText.Invite);
        Assert.False(SipUasChecks.TryFindUnsupportedRequire(m, ["timer", "100rel"], out _));
        Assert.True(SipUasChecks.TryFindUnsupportedRequire(m, ["100rel"], out ReadOnlyMemory<byte> tag));
        Assert.Equal("timer", T(tag));
        Assert.True(SipUasChecks.IsAcceptedContentType("Application/SDP ; charset=x"u8, ["application/sdp"]));
        Assert.False(SipUasChecks.IsAcceptedContentType("text/nobodyKnowsThis"u8, ["application/sdp"]));
        Assert.True(SipUasChecks.IsAcceptedContentType([], ["application/sdp"]));
    }

    [Theory]
    [InlineData(SipParseError.MissingCallId, 400, "Missing Call-ID")]
    [InlineData(SipParseError.CSeqMethodMismatch, 400, "CSeq method does not match request method")]
    [InlineData(SipParseError.BadVersion, 505, "Version Not Supported")]
    [InlineData(SipParseError.UnsupportedUriScheme, 416, "Unsupported URI Scheme")]
    public void Errors_map_to_responses(SipParseError error, int code, string reason)
    {
        Assert.Equal(code, SipParseErrors.StatusCode(error));
        Assert.Equal(reason, Encoding.ASCII.GetString(SipParseErrors.ReasonPhrase(error)));
    }
}
