using System.Buffers;

namespace Appliance.Sip.Message;

/// <summary>One framing result: a message's bytes, a keep-alive ping, or why the stream is unframeable.</summary>
public readonly struct SipFrame(SipFrameKind kind, ReadOnlySequence<byte> message, SipParseError error)
{
    public SipFrameKind Kind { get; } = kind;

    /// <summary>The message bytes (for <see cref="SipFrameKind.Message"/>), a slice of the stream buffer.</summary>
    public ReadOnlySequence<byte> Message { get; } = message;

    /// <summary>The reason for <see cref="SipFrameKind.Invalid"/>.</summary>
    public SipParseError Error { get; } = error;
}
