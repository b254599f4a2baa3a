using System.Buffers;

namespace Appliance.Sip.Message;

/// <summary>
/// Cuts messages out of a stream transport's byte sequence (RFC 3261 §18.3): the header section ends at the first empty
/// line and Content-Length, mandatory on streams, gives the body size. Leading CRLFs are skipped and an RFC 5626
/// double-CRLF ping is reported. Returns false for "need more bytes" and never consumes part of a message.
/// </summary>
public static class SipStreamFramer
{
    private const int PingLength = 4;

    /// <summary>
    /// Reads one frame from the head of <paramref name="buffer"/> and advances it past what was consumed. Returns false
    /// when more bytes are needed (the buffer may still have been advanced past stray CRLFs).
    /// </summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, SipParserLimits limits, out SipFrame frame)
    {
        ArgumentNullException.ThrowIfNull(limits);
        frame = default;
        while (StartsWith(buffer, "\r\n"u8))
        {
            if (StartsWith(buffer, "\r\n\r\n"u8))
            {
                buffer = buffer.Slice(PingLength);
                frame = new SipFrame(SipFrameKind.KeepAlivePing, default, SipParseError.None);
                return true;
            }

            if (buffer.Length < PingLength && IsPrefixOfPing(buffer))
            {
                return false; // Could still become a ping.
            }

            // A lone CRLF: a pong or padding before the start line (RFC 3261 §7.5).
            buffer = buffer.Slice(2);
        }

        if (buffer.IsEmpty || (buffer.Length == 1 && buffer.FirstSpan[0] == '\r'))
        {
            return false;
        }

        long headerLength;
        int contentLength;
        SipParseError error;
        if (buffer.IsSingleSegment)
        {
            // Common case (one socket read holds the message): plain span searches, no SequenceReader.
            ReadOnlySpan<byte> span = buffer.FirstSpan;
            int end = span.IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                return InvalidWhen(span.Length > limits.MaxMessageSize, SipParseError.MessageTooLarge, out frame);
            }

            headerLength = end + 4;
            error = FindContentLength(span[..(end + 2)], out contentLength);
            if (headerLength > limits.MaxMessageSize)
            {
                error = SipParseError.MessageTooLarge;
            }
        }
        else
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadTo(out ReadOnlySequence<byte> headers, "\r\n\r\n"u8, advancePastDelimiter: true))
            {
                return InvalidWhen(buffer.Length > limits.MaxMessageSize, SipParseError.MessageTooLarge, out frame);
            }

            headerLength = reader.Consumed;
            if (headerLength > limits.MaxMessageSize)
            {
                error = SipParseError.MessageTooLarge;
                contentLength = 0;
            }
            else
            {
                byte[] copy = ArrayPool<byte>.Shared.Rent((int)headers.Length + 2);
                headers.CopyTo(copy);
                "\r\n"u8.CopyTo(copy.AsSpan((int)headers.Length));
                error = FindContentLength(copy.AsSpan(0, (int)headers.Length + 2), out contentLength);
                ArrayPool<byte>.Shared.Return(copy);
            }
        }

        if (error != SipParseError.None)
        {
            return InvalidWhen(true, error, out frame);
        }

        long total = headerLength + contentLength;
        if (total > limits.MaxMessageSize)
        {
            return InvalidWhen(true, SipParseError.MessageTooLarge, out frame);
        }

        if (buffer.Length < total)
        {
            return false;
        }

        frame = new SipFrame(SipFrameKind.Message, buffer.Slice(0, total), SipParseError.None);
        buffer = buffer.Slice(total);
        return true;
    }

    /// <summary>Reports an Invalid frame when <paramref name="invalid"/>, else "need more bytes" (false).</summary>
    private static bool InvalidWhen(bool invalid, SipParseError error, out SipFrame frame)
    {
        frame = invalid ? new SipFrame(SipFrameKind.Invalid, default, error) : default;
        return invalid;
    }

    private static bool StartsWith(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> prefix)
    {
        if (buffer.Length < prefix.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= prefix.Length)
        {
            return first.StartsWith(prefix);
        }

        Span<byte> head = stackalloc byte[PingLength];
        buffer.Slice(0, prefix.Length).CopyTo(head);
        return head[..prefix.Length].SequenceEqual(prefix);
    }

    private static bool IsPrefixOfPing(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[PingLength];
        int length = (int)buffer.Length;
        buffer.CopyTo(head);
        return head[..length].SequenceEqual("\r\n\r\n"u8[..length]);
    }

    /// <summary>Finds the single Content-Length (or compact "l") among header lines, each ending in CRLF, after the start line.</summary>
    private static SipParseError FindContentLength(ReadOnlySpan<byte> headers, out int contentLength)
    {
        contentLength = -1;
        int lineEnd = headers.IndexOf("\r\n"u8);
        ReadOnlySpan<byte> rest = lineEnd < 0 ? [] : headers[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            ReadOnlySpan<byte> line = lineEnd < 0 ? rest : rest[..lineEnd];
            rest = lineEnd < 0 ? [] : rest[(lineEnd + 2)..];

            // Only lines starting with 'c'/'l' can be Content-Length; folded continuation lines start with LWS.
            if (line.IsEmpty || (line[0] | 0x20) is not ((byte)'c' or (byte)'l'))
            {
                continue;
            }

            int colon = line.IndexOf((byte)':');
            if (colon <= 0 || SipHeaderNames.Lookup(SipSyntax.Trim(line[..colon], out _)) != SipHeaderKind.ContentLength)
            {
                continue;
            }

            if (contentLength >= 0 || !SipSyntax.TryParseNumber(SipSyntax.Trim(line[(colon + 1)..], out _), int.MaxValue, out ulong value))
            {
                return SipParseError.BadContentLength;
            }

            contentLength = (int)value;
        }

        return contentLength < 0 ? SipParseError.MissingContentLength : SipParseError.None;
    }
}
