using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Appliance.Sip.Message;

/// <summary>Builds responses to a received request (RFC 3261 §8.2.6): status line and the Via/From/To/Call-ID/CSeq copied from it.</summary>
public static class SipResponseBuilder
{
    /// <summary>
    /// Writes the status line and the headers a response copies from <paramref name="request"/>. Adds ";tag=" to To when it
    /// has none and <paramref name="toTag"/> is given. Stamps the top Via per RFC 3261 §18.2.1 / RFC 3581: ";received="
    /// when <paramref name="received"/> is non-empty, and fills an empty rport with <paramref name="rport"/> when non-zero.
    /// The caller adds any further headers and ends with <see cref="SipMessageWriter.WriteEnd"/> or WriteBody.
    /// </summary>
    public static void WriteResponseHeaders(in SipMessageWriter writer, SipMessage request, int statusCode, ReadOnlySpan<byte> reasonPhrase,
        ReadOnlySpan<byte> toTag, ReadOnlySpan<byte> received = default, int rport = 0)
    {
        ArgumentNullException.ThrowIfNull(request);
        writer.WriteStatusLine(statusCode, reasonPhrase);
        bool top = true;
        foreach (ref readonly SipHeader header in request.Headers)
        {
            if (header.Kind != SipHeaderKind.Via)
            {
                continue;
            }

            if (top)
            {
                WriteStampedTopVia(writer, header.Value.Span, request.TopVia, received, rport);
                top = false;
            }
            else
            {
                writer.WriteHeader(SipHeaderKind.Via, header.Value.Span);
            }
        }

        WriteDialogHeaders(writer, request, toTag);
    }

    /// <summary>
    /// Answers a request that failed to parse with the status and reason of <paramref name="error"/>, echoing whatever
    /// Via/From/To/Call-ID/CSeq lines were readable. Returns false (nothing written) when there is no Via to answer to.
    /// </summary>
    public static bool TryWriteErrorResponse(in SipMessageWriter writer, SipMessage request, SipParseError error, ReadOnlySpan<byte> toTag)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.TryGetHeader(SipHeaderKind.Via, out _))
        {
            return false;
        }

        writer.WriteStatusLine(SipParseErrors.StatusCode(error), SipParseErrors.ReasonPhrase(error));
        foreach (ref readonly SipHeader header in request.Headers)
        {
            if (header.Kind == SipHeaderKind.Via)
            {
                writer.WriteHeader(SipHeaderKind.Via, header.Value.Span);
            }
        }

        WriteDialogHeaders(writer, request, toTag);
        writer.WriteEnd();
        return true;
    }

    private static void WriteDialogHeaders(in SipMessageWriter writer, SipMessage request, ReadOnlySpan<byte> toTag)
    {
        if (request.TryGetHeader(SipHeaderKind.From, out ReadOnlyMemory<byte> from))
        {
            writer.WriteHeader(SipHeaderKind.From, from.Span);
        }

        if (request.TryGetHeader(SipHeaderKind.To, out ReadOnlyMemory<byte> to))
        {
            writer.WriteHeaderStart(SipHeaderKind.To);
            writer.Write(to.Span);
            if (!toTag.IsEmpty && !HasTag(to))
            {
                writer.Write(";tag="u8);
                writer.Write(toTag);
            }

            writer.WriteHeaderEnd();
        }

        if (request.TryGetHeader(SipHeaderKind.CallId, out ReadOnlyMemory<byte> callId))
        {
            writer.WriteHeader(SipHeaderKind.CallId, callId.Span);
        }

        if (request.TryGetHeader(SipHeaderKind.CSeq, out ReadOnlyMemory<byte> cseq))
        {
            writer.WriteHeader(SipHeaderKind.CSeq, cseq.Span);
        }
    }

    private static bool HasTag(ReadOnlyMemory<byte> to)
    {
        if (SipNameAddress.TryParse(to, out SipNameAddress parsed))
        {
            return parsed.HasTag;
        }

        // Unparseable (a 400 being built): a textual check is the best we can do.
        ReadOnlySpan<byte> s = to.Span;
        for (int i = s.IndexOf((byte)';'); i >= 0 && i + 5 <= s.Length; i++)
        {
            if (s[i] == ';' && Ascii.EqualsIgnoreCase(s.Slice(i + 1, 4), "tag="u8))
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteStampedTopVia(in SipMessageWriter writer, ReadOnlySpan<byte> field, SipVia top, ReadOnlySpan<byte> received, int rport)
    {
        ReadOnlySpan<byte> via = top.Raw.Span;
        bool fillRport = rport > 0 && top.Rport == 0;
        if ((received.IsEmpty && !fillRport) || via.IsEmpty)
        {
            writer.WriteHeader(SipHeaderKind.Via, field);
            return;
        }

        // The top Via is a slice of the first Via field; splice the stamps into it and copy the rest of the field verbatim.
        int start = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(field), ref MemoryMarshal.GetReference(via));
        int end = start + via.Length;
        writer.WriteHeaderStart(SipHeaderKind.Via);
        if (fillRport)
        {
            int at = start + top.RportNameEnd;
            writer.Write(field[..at]);
            writer.Write("="u8);
            writer.WriteNumber((uint)rport);
            writer.Write(field[at..end]);
        }
        else
        {
            writer.Write(field[..end]);
        }

        if (!received.IsEmpty)
        {
            writer.Write(";received="u8);
            writer.Write(received);
        }

        writer.Write(field[end..]);
        writer.WriteHeaderEnd();
    }
}
