using Appliance.Sip.Message;

namespace Appliance.Sip.Tests.Message;

public class SipParserAllocationTests
{
    [Fact]
    public void Parsing_an_invite_with_sdp_allocates_nothing_after_warm_up()
    {
        byte[] wire = SipTestText.Wire(SipTestText.Invite);
        var message = new SipMessage();
        Span<SipParseError> results = stackalloc SipParseError[1];
        for (int i = 0; i < 100; i++)
        {
            results[0] = message.Parse(wire);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            results[0] = message.Parse(wire);
            foreach (ReadOnlyMemory<byte> via in message.GetValues(SipHeaderKind.Via))
            {
                SipVia.TryParse(via, out _);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(SipParseError.None, results[0]);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Writing_a_response_into_a_reused_pooled_buffer_allocates_nothing()
    {
        var request = new SipMessage();
        Assert.Equal(SipParseError.None, request.Parse(SipTestText.Wire(SipTestText.Invite)));
        using var output = new SipPooledBufferWriter(4096);
        for (int i = 0; i < 100; i++)
        {
            WriteOk(request, output);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            WriteOk(request, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(output.WrittenCount > 300);
    }

    private static void WriteOk(SipMessage request, SipPooledBufferWriter output)
    {
        output.Clear();
        var writer = new SipMessageWriter(output);
        SipResponseBuilder.WriteResponseHeaders(writer, request, 200, "OK"u8, "a6c85cf"u8, "192.0.2.1"u8, 5062);
        writer.WriteHeader(SipHeaderKind.Contact, "<sip:bob@192.0.2.4>"u8);
        writer.WriteBody("application/sdp"u8, "v=0\r\n"u8);
    }
}
