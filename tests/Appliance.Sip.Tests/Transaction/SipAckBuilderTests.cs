using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.Tests.Transaction;

public sealed class SipAckBuilderTests
{
    private const string Invite =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n" +
        "Max-Forwards: 70\r\n" +
        "Route: <sip:p1.example.com;lr>\r\n" +
        "Route: <sip:p2.example.com;lr>\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.example.com>\r\n" +
        "Content-Length: 0\r\n\r\n";

    private const string Busy =
        "SIP/2.0 486 Busy Here\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n";

    internal static SipMessage Parse(string text)
    {
        var message = new SipMessage();
        Assert.Equal(SipParseError.None, message.Parse(Encoding.ASCII.GetBytes(text)));
        return message;
    }

    internal static List<string> Values(SipMessage message, SipHeaderKind kind)
    {
        var values = new List<string>();
        foreach (ReadOnlyMemory<byte> value in message.GetValues(kind))
        {
            values.Add(Encoding.ASCII.GetString(value.Span));
        }

        return values;
    }

    [Fact]
    public void Ack_copies_the_invite_and_takes_to_from_the_response()
    {
        SipMessage request = Parse(Invite);
        SipMessage response = Parse(Busy);

        using var owner = new SipAckBuilder(request, response).CreateAck();
        SipMessage ack = Parse(Encoding.ASCII.GetString(owner.Memory.Span));

        Assert.Equal(SipMethod.Ack, ack.Method);
        Assert.Equal("sip:bob@biloxi.example.com", ack.RequestUri.ToString());
        Assert.Equal("z9hG4bKnashds8", Encoding.ASCII.GetString(ack.TopVia.Branch.Span));
        Assert.Single(Values(ack, SipHeaderKind.Via));
        Assert.Equal("a6c85cf", Encoding.ASCII.GetString(ack.To.Tag.Span));
        Assert.Equal("1928301774", Encoding.ASCII.GetString(ack.From.Tag.Span));
        Assert.Equal("a84b4c76e66710", Encoding.ASCII.GetString(ack.CallId.Span));
        Assert.Equal((314159u, SipMethod.Ack), (ack.CSeq.Number, ack.CSeq.Method));
        Assert.Equal(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"], Values(ack, SipHeaderKind.Route));
        Assert.Equal(0, ack.ContentLength);
        Assert.False(ack.TryGetHeader(SipHeaderKind.Contact, out _));
    }
}
