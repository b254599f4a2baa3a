using System.Buffers;
using Appliance.Sip.Message;

namespace Appliance.Sip.Tests.Message;

public class SipStreamFramerTests
{
    private static readonly SipParserLimits Limits = SipParserLimits.Default;

    [Fact]
    public void Every_prefix_of_a_message_needs_more_and_consumes_nothing()
    {
        byte[] wire = SipTestText.Wire("\n" + SipTestText.Invite);
        for (int length = 0; length < wire.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(wire, 0, length);
            Assert.False(SipStreamFramer.TryReadMessage(ref buffer, Limits, out _));

            // Only the leading CRLF (a stray line end) may be skipped; the message itself stays.
            Assert.True(buffer.Length >= length - 2);
        }

        var whole = new ReadOnlySequence<byte>(wire);
        Assert.True(SipStreamFramer.TryReadMessage(ref whole, Limits, out SipFrame frame));
        Assert.Equal(SipFrameKind.Message, frame.Kind);
        Assert.Equal(wire.Length - 2, frame.Message.Length);
        Assert.True(whole.IsEmpty);
    }

    [Fact]
    public void Message_split_across_segments_frames_whole()
    {
        byte[] wire = SipTestText.Wire(SipTestText.Invite);
        for (int cut = 1; cut < wire.Length; cut += 37)
        {
            ReadOnlySequence<byte> buffer = TwoSegments(wire.AsMemory(0, cut), wire.AsMemory(cut));
            Assert.True(SipStreamFramer.TryReadMessage(ref buffer, Limits, out SipFrame frame));
            Assert.Equal(wire, frame.Message.ToArray());
        }
    }

    [Fact]
    public void Two_messages_in_one_buffer_frame_in_turn()
    {
        byte[] wire = [.. SipTestText.Wire(SipTestText.Invite), .. SipTestText.Wire(SipTestText.Ok)];
        var buffer = new ReadOnlySequence<byte>(wire);
        Assert.True(SipStreamFramer.TryReadMessage(ref buffer, Limits, out SipFrame first));
        Assert.True(SipStreamFramer.TryReadMessage(ref buffer, Limits, out SipFrame second));
        Assert.False(SipStreamFramer.TryReadMessage(ref buffer, Limits, out _));

        var message = new SipMessage();
        Assert.Equal(SipParseError.None, message.Parse(first.Message.ToArray()));
        Assert.Equal(SipMethod.Invite, message.Method);
        Assert.Equal(SipParseError.None, message.Parse(second.Message.ToArray()));
        Assert.Equal(200, message.StatusCode);
    }

    [Fact]
    public void Double_crlf_is_a_keepalive_ping()
    {
        byte[] wire = [.. "\r\n\r\n"u8, .. SipTestText.Wire(SipTestText.Ok)];
        var buffer = new ReadOnlySequence<byte>(wire);
        Assert.True(SipStreamFramer.TryReadMessage(ref buffer, Limits, out SipFrame ping));
        Assert.Equal(SipFrameKind.KeepAlivePing, ping.Kind);
        Assert.True(SipStreamFramer.TryReadMessage(ref buffer, Limits, out SipFrame message));
        Assert.Equal(SipFrameKind.Message, message.Kind);
    }

    [Fact]
    public void Partial_ping_waits_and_a_lone_pong_is_skipped()
    {
        var partial = new ReadOnlySequence<byte>("\r\n\r"u8.ToArray());
        Assert.False(SipStreamFramer.TryReadMessage(ref partial, Limits, out _));
        Assert.Equal(3, partial.Length);

        byte[] pongThenMessage = [.. "\r\n"u8, .. SipTestText.Wire(SipTestText.Ok)];
        var buffer = new ReadOnlySequence<byte>(pongThenMessage);
        Assert.True(SipStreamFramer.TryReadMessage(ref buffer, Limits, out SipFrame frame));
        Assert.Equal(SipFrameKind.Message, frame.Kind);
    }

    [Theory]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n", SipParseError.MissingContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nl: -1\r\n\r\n", SipParseError.BadContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 1\r\ncontent-length : 1\r\n\r\n", SipParseError.BadContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 999999\r\n\r\n", SipParseError.MessageTooLarge)]
    public void Unframeable_streams_are_invalid(string text, SipParseError error)
    {
        var buffer = new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(text));
        Assert.True(SipStreamFramer.TryReadMessage(ref buffer, Limits, out SipFrame frame));
        Assert.Equal(SipFrameKind.Invalid, frame.Kind);
        Assert.Equal(error, frame.Error);
    }

    [Fact]
    public void Header_section_without_end_beyond_the_limit_is_invalid()
    {
        var limits = new SipParserLimits { MaxMessageSize = 100 };
        var buffer = new ReadOnlySequence<byte>(new byte[200].AsMemory());
        Assert.True(SipStreamFramer.TryReadMessage(ref buffer, limits, out SipFrame frame));
        Assert.Equal(SipParseError.MessageTooLarge, frame.Error);
    }

    private static ReadOnlySequence<byte> TwoSegments(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
    {
        var head = new Segment(first, 0);
        Segment tail = head.Append(second);
        return new ReadOnlySequence<byte>(head, 0, tail, tail.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
