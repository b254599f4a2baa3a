using System.Buffers;
using System.Text;
using Appliance.Sip.Message;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Sip;

/// <summary>Parse a typical INVITE with SDP, frame it from a stream buffer, and serialize the 200 OK answering it.</summary>
[MemoryDiagnoser]
public class SipMessageBenchmarks
{
    private const string Invite =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com:5062;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>\r\n" +
        "Supported: timer, 100rel, replaces\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK\r\n" +
        "Session-Expires: 1800;refresher=uac\r\n" +
        "User-Agent: Bench/1.0\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 129\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n" +
        "s=-\r\n" +
        "c=IN IP4 192.0.2.101\r\n" +
        "t=0 0\r\n" +
        "m=audio 49172 RTP/AVP 0 8\r\n";

    private static readonly byte[] Sdp = Encoding.ASCII.GetBytes("v=0\r\no=bob 1 1 IN IP4 192.0.2.4\r\ns=-\r\nc=IN IP4 192.0.2.4\r\nt=0 0\r\nm=audio 3456 RTP/AVP 0\r\n");

    private readonly byte[] _invite = Encoding.ASCII.GetBytes(Invite);
    private readonly SipMessage _message = new();
    private readonly SipMessage _request = new();
    private readonly SipPooledBufferWriter _output = new(4096);

    [GlobalSetup]
    public void Setup()
    {
        if (_request.Parse(_invite) != SipParseError.None || _request.Body.Length != 129)
        {
            throw new InvalidOperationException("Benchmark INVITE does not parse.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public SipParseError ParseInvite() => _message.Parse(_invite);

    [Benchmark]
    public long FrameInviteFromStream()
    {
        var buffer = new ReadOnlySequence<byte>(_invite);
        SipStreamFramer.TryReadMessage(ref buffer, SipParserLimits.Default, out SipFrame frame);
        return frame.Message.Length;
    }

    [Benchmark]
    public int Serialize200Ok()
    {
        _output.Clear();
        var writer = new SipMessageWriter(_output);
        SipResponseBuilder.WriteResponseHeaders(writer, _request, 200, "OK"u8, "a6c85cf"u8, "198.51.100.7"u8, 5062);
        writer.WriteHeader(SipHeaderKind.Contact, "<sip:bob@192.0.2.4>"u8);
        writer.WriteBody("application/sdp"u8, Sdp);
        return _output.WrittenCount;
    }
}
