using Appliance.Sip.Message;

namespace Appliance.Sip.Tests.Message;

public class SipMessageWriterTests
{
    private static string T(ReadOnlyMemory<byte> bytes) => SipTestText.Text(bytes);

    [Fact]
    public void Request_round_trips_through_the_parser()
    {
        using var output = new SipPooledBufferWriter();
        var writer = new SipMessageWriter(output);
        writer.WriteRequestLine(SipMethod.Invite, "sip:bob@example.com"u8);
        writer.WriteHeader(SipHeaderKind.Via, "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc;rport"u8);
        writer.WriteHeader(SipHeaderKind.MaxForwards, 70);
        writer.WriteHeader(SipHeaderKind.From, "\"Alice\" <sip:alice@example.com>;tag=88"u8);
        writer.WriteHeader(SipHeaderKind.To, "<sip:bob@example.com>"u8);
        writer.WriteHeader(SipHeaderKind.CallId, "rt-1@192.0.2.1"u8);
        writer.WriteCSeq(7, "INVITE"u8);
        writer.WriteHeader("X-Pass"u8, "through"u8);
        writer.WriteBody("application/sdp"u8, "v=0\r\n"u8);

        var m = new SipMessage();
        Assert.Equal(SipParseError.None, m.Parse(output.Memory));
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal(70, m.MaxForwards);
        Assert.Equal("88", T(m.From.Tag));
        Assert.Equal(7u, m.CSeq.Number);
        Assert.Equal("v=0\r\n", T(m.Body));
        Assert.Equal("application/sdp", T(m.ContentType));
        Assert.True(m.TryGetHeader("X-Pass"u8, out ReadOnlyMemory<byte> pass));
        Assert.Equal("through", T(pass));
    }

    [Theory]
    [InlineData(nameof(SipTestText.Invite))]
    [InlineData(nameof(SipTestText.Ok))]
    [InlineData("wsinv")]
    [InlineData("intmeth")]
    [InlineData("esc01")]
    [InlineData("mpart01")]
    [InlineData("unreason")]
    public void Reserializing_every_header_reproduces_the_parse(string name)
    {
        string text = name switch
        {
            nameof(SipTestText.Invite) => SipTestText.Invite,
            nameof(SipTestText.Ok) => SipTestText.Ok,
            _ => SipTortureCorpus.Cases[name].Text,
        };
        var original = new SipMessage();
        Assert.Equal(SipParseError.None, original.Parse(SipTestText.Wire(text)));

        using var output = new SipPooledBufferWriter();
        var writer = new SipMessageWriter(output);
        if (original.IsRequest)
        {
            writer.WriteRequestLine(original.MethodToken.Span, original.RequestUri.Raw.Span);
        }
        else
        {
            writer.WriteStatusLine(original.StatusCode, original.ReasonPhrase.Span);
        }

        foreach (ref readonly SipHeader header in original.Headers)
        {
            if (header.Kind is not (SipHeaderKind.ContentLength or SipHeaderKind.ContentType))
            {
                writer.WriteHeader(header);
            }
        }

        writer.WriteBody(original.ContentType.Span, original.Body.Span);
        var copy = new SipMessage();
        Assert.Equal(SipParseError.None, copy.Parse(output.Memory));

        Assert.Equal(original.IsRequest, copy.IsRequest);
        Assert.Equal(T(original.MethodToken), T(copy.MethodToken));
        Assert.Equal(T(original.RequestUri.Raw), T(copy.RequestUri.Raw));
        Assert.Equal(original.StatusCode, copy.StatusCode);
        Assert.Equal(T(original.ReasonPhrase), T(copy.ReasonPhrase));
        Assert.Equal(T(original.TopVia.Raw), T(copy.TopVia.Raw));
        Assert.Equal(T(original.From.Raw), T(copy.From.Raw));
        Assert.Equal(T(original.To.Raw), T(copy.To.Raw));
        Assert.Equal(T(original.CallId), T(copy.CallId));
        Assert.Equal(original.CSeq.Number, copy.CSeq.Number);
        Assert.Equal(original.Body.ToArray(), copy.Body.ToArray());
        Assert.Equal(Fields(original), Fields(copy));
    }

    private static List<string> Fields(SipMessage message)
    {
        var fields = new List<string>();
        foreach (ref readonly SipHeader header in message.Headers)
        {
            if (header.Kind is not (SipHeaderKind.ContentLength or SipHeaderKind.ContentType))
            {
                fields.Add($"{header.Kind}:{(header.Kind == SipHeaderKind.Other ? T(header.Name) : "")}={T(header.Value)}");
            }
        }

        return fields;
    }

    [Fact]
    public void Response_copies_dialog_headers_adds_to_tag_and_stamps_via()
    {
        var request = new SipMessage();
        Assert.Equal(SipParseError.None, request.Parse(SipTestText.Wire(SipTestText.Invite)));

        using var output = new SipPooledBufferWriter();
        var writer = new SipMessageWriter(output);
        SipResponseBuilder.WriteResponseHeaders(writer, request, 200, "OK"u8, "as83kd"u8, received: "198.51.100.7"u8, rport: 40000);
        writer.WriteHeader(SipHeaderKind.Contact, "<sip:bob@192.0.2.4>"u8);
        writer.WriteEnd();

        var response = new SipMessage();
        Assert.Equal(SipParseError.None, response.Parse(output.Memory));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(40000, response.TopVia.Rport);
        Assert.Equal("198.51.100.7", T(response.TopVia.Received));
        Assert.Equal("z9hG4bK776asdhds", T(response.TopVia.Branch));
        Assert.Equal("as83kd", T(response.To.Tag));
        Assert.Equal("1928301774", T(response.From.Tag));
        Assert.Equal(T(request.CallId), T(response.CallId));
        Assert.Equal(SipMethod.Invite, response.CSeq.Method);

        var vias = new List<string>();
        foreach (ReadOnlyMemory<byte> via in response.GetValues(SipHeaderKind.Via))
        {
            vias.Add(T(via));
        }

        Assert.Equal(3, vias.Count);
        Assert.Equal("SIP/2.0/UDP pc33.atlanta.example.com:5062;branch=z9hG4bK776asdhds;rport=40000;received=198.51.100.7", vias[0]);
        Assert.Equal("SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bKabc", vias[2]);
    }

    [Fact]
    public void Error_response_echoes_the_readable_headers_of_a_malformed_request()
    {
        var request = new SipMessage();
        SipParseError error = request.Parse(SipTestText.Wire("""
            OPTIONS sip:user@example.com SIP/2.0
            Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKbad
            From: <sip:caller@example.net>;tag=1
            To: <sip:user@example.com>
            CSeq: 1 OPTIONS
            l: 0


            """));
        Assert.Equal(SipParseError.MissingCallId, error);

        using var output = new SipPooledBufferWriter();
        Assert.True(SipResponseBuilder.TryWriteErrorResponse(new SipMessageWriter(output), request, error, "t1"u8));
        Assert.StartsWith("SIP/2.0 400 Missing Call-ID\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKbad\r\n", T(output.Memory), StringComparison.Ordinal);
        Assert.Contains("To: <sip:user@example.com>;tag=t1\r\n", T(output.Memory), StringComparison.Ordinal);
        Assert.EndsWith("Content-Length: 0\r\n\r\n", T(output.Memory), StringComparison.Ordinal);
    }

    [Fact]
    public void Error_response_is_built_even_when_the_start_line_is_bad()
    {
        var request = new SipMessage();
        SipParseError error = request.Parse(SipTestText.Wire(SipTortureCorpus.Cases["badvers"].Text));
        using var output = new SipPooledBufferWriter();
        Assert.True(SipResponseBuilder.TryWriteErrorResponse(new SipMessageWriter(output), request, error, "t"u8));
        Assert.StartsWith("SIP/2.0 505 Version Not Supported\r\n", T(output.Memory), StringComparison.Ordinal);
        Assert.Contains("Call-ID: badvers.31417@c.example.com\r\n", T(output.Memory), StringComparison.Ordinal);
    }

    [Fact]
    public void No_error_response_without_a_via()
    {
        var request = new SipMessage();
        Assert.NotEqual(SipParseError.None, request.Parse("garbage\r\n\r\n"u8.ToArray()));
        using var output = new SipPooledBufferWriter();
        Assert.False(SipResponseBuilder.TryWriteErrorResponse(new SipMessageWriter(output), request, SipParseError.BadRequestLine, "t"u8));
        Assert.Equal(0, output.WrittenCount);
    }
}
