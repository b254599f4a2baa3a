using System.Text;

namespace Appliance.Sip.Tests.Message;

/// <summary>Turns readable test messages (LF line ends, "{CL}" for the body length) into wire bytes.</summary>
internal static class SipTestText
{
    public static byte[] Wire(string text)
    {
        string crlf = text.ReplaceLineEndings("\r\n");
        int split = crlf.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split >= 0 && crlf.Contains("{CL}", StringComparison.Ordinal))
        {
            int bodyLength = Encoding.UTF8.GetByteCount(crlf.AsSpan(split + 4));
            crlf = crlf.Replace("{CL}", bodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(crlf);
    }

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public const string Invite = """
        INVITE sip:bob@biloxi.example.com SIP/2.0
        Via: SIP/2.0/UDP pc33.atlanta.example.com:5062;branch=z9hG4bK776asdhds;rport
        Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKnashds8, SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bKabc
        Max-Forwards: 70
        To: Bob <sip:bob@biloxi.example.com>
        From: "Alice \"A\" Liddell" <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710@pc33.atlanta.example.com
        CSeq: 314159 INVITE
        Contact: <sip:alice@pc33.atlanta.example.com;transport=tcp>;expires=3600, "Second" <sip:alice@10.0.0.2>
        Supported: timer, 100rel
        Require: timer
        Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
        Session-Expires: 1800;refresher=uac
        Min-SE: 90
        Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>
        Record-Route: <sip:rr.example.com;lr>
        Expires: 120
        User-Agent: Test/1.0
        X-Custom: anything, goes; here
        Content-Type: application/sdp
        Content-Length: {CL}

        v=0
        o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com
        s=-
        c=IN IP4 192.0.2.101
        t=0 0
        m=audio 49172 RTP/AVP 0 8
        a=rtpmap:0 PCMU/8000

        """;

    public const string Ok = """
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1
        To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
        From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710@pc33.atlanta.example.com
        CSeq: 314159 INVITE
        Contact: <sip:bob@192.0.2.4>
        Content-Length: 0


        """;
}
