using System.Text;

namespace Appliance.Sip.Message;

/// <summary>
/// Parses one complete message (a datagram, or a frame cut by <see cref="SipStreamFramer"/>) into a <see cref="SipMessage"/>.
/// Syntax first (start line, header lines, limits), then the semantics every element needs (mandatory headers, typed
/// values, CSeq method, body length). Never throws on input; every failure is a <see cref="SipParseError"/>.
/// </summary>
internal static class SipMessageParser
{
    public static SipParseError Parse(ReadOnlyMemory<byte> data, SipMessage message)
    {
        message.Reset();
        SipParserLimits limits = message.Limits;
        if (data.Length > limits.MaxMessageSize)
        {
            return SipParseError.MessageTooLarge;
        }

        // RFC 3261 §7.5: ignore CRLFs before the start line (keep-alives and stray line ends).
        ReadOnlySpan<byte> all = data.Span;
        int skip = 0;
        while (skip + 1 < all.Length && all[skip] == '\r' && all[skip + 1] == '\n')
        {
            skip += 2;
        }

        data = data[skip..];
        ReadOnlySpan<byte> s = data.Span;
        int lineEnd = s.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return s.Length > limits.MaxLineLength ? SipParseError.LineTooLong : SipParseError.IncompleteHeaders;
        }

        if (lineEnd > limits.MaxLineLength)
        {
            return SipParseError.LineTooLong;
        }

        SipParseError error = s.StartsWith("SIP/"u8)
            ? ParseStatusLine(data, lineEnd, message)
            : ParseRequestLine(data, lineEnd, message);

        // Keep reading header lines even after an error so a 400 can still echo Via/From/To/Call-ID/CSeq.
        SipParseError headerError = ReadHeaders(data, lineEnd + 2, message, out int bodyStart);
        if (error != SipParseError.None)
        {
            return error;
        }

        if (headerError != SipParseError.None)
        {
            return headerError;
        }

        error = ValidateHeaders(message);
        if (error != SipParseError.None)
        {
            return error;
        }

        int available = data.Length - bodyStart;
        int bodyLength = message.ContentLength < 0 ? available : message.ContentLength;
        if (bodyLength > available)
        {
            return SipParseError.BodyTooShort;
        }

        // Datagram bytes beyond Content-Length are discarded (RFC 3261 §18.3).
        message.Body = data.Slice(bodyStart, bodyLength);
        message.Buffer = data[..(bodyStart + bodyLength)];
        return SipParseError.None;
    }

    private static SipParseError ParseRequestLine(ReadOnlyMemory<byte> data, int lineEnd, SipMessage message)
    {
        ReadOnlySpan<byte> line = data.Span[..lineEnd];
        message.IsRequest = true;

        // Request-Line = Method SP Request-URI SP SIP-Version: exactly one SP each (RFC 4475 lwsstart, lwsruri, trws).
        int sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0)
        {
            return SipParseError.BadRequestLine;
        }

        int sp2Rel = line[(sp1 + 1)..].IndexOf((byte)' ');
        if (sp2Rel <= 0)
        {
            return SipParseError.BadRequestLine;
        }

        int sp2 = sp1 + 1 + sp2Rel;
        ReadOnlySpan<byte> method = line[..sp1];
        ReadOnlySpan<byte> version = line[(sp2 + 1)..];
        if (!SipSyntax.IsToken(method))
        {
            return SipParseError.BadRequestLine;
        }

        message.MethodToken = data[..sp1];
        message.Method = SipMethods.Parse(method);
        SipParseError versionError = CheckVersion(version, SipParseError.BadRequestLine);
        if (versionError != SipParseError.None)
        {
            return versionError;
        }

        if (!SipUri.TryParse(data[(sp1 + 1)..sp2], out SipUri uri))
        {
            return SipParseError.BadRequestUri;
        }

        message.RequestUri = uri;
        if (uri.Scheme == SipUriScheme.Other)
        {
            return SipParseError.UnsupportedUriScheme;
        }

        // URI headers are meaningless in a Request-URI (RFC 3261 §19.1.5; RFC 4475 escruri).
        return uri.Headers.IsEmpty ? SipParseError.None : SipParseError.BadRequestUri;
    }

    private static SipParseError ParseStatusLine(ReadOnlyMemory<byte> data, int lineEnd, SipMessage message)
    {
        ReadOnlySpan<byte> line = data.Span[..lineEnd];
        int sp = line.IndexOf((byte)' ');
        if (sp < 0)
        {
            return SipParseError.BadStatusLine;
        }

        SipParseError versionError = CheckVersion(line[..sp], SipParseError.BadStatusLine);
        if (versionError != SipParseError.None)
        {
            return versionError;
        }

        // Status-Code is exactly 3 digits (RFC 4475 bigcode); a missing reason phrase is tolerated (noreason).
        ReadOnlySpan<byte> rest = line[(sp + 1)..];
        if (rest.Length < 3 || !SipSyntax.IsDigit(rest[0]) || !SipSyntax.IsDigit(rest[1]) || !SipSyntax.IsDigit(rest[2])
            || (rest.Length > 3 && rest[3] != ' '))
        {
            return SipParseError.BadStatusLine;
        }

        int code = ((rest[0] - '0') * 100) + ((rest[1] - '0') * 10) + (rest[2] - '0');
        if (code is < 100 or > 699)
        {
            return SipParseError.BadStatusLine;
        }

        foreach (byte b in rest)
        {
            if (b < 0x20 && b != '\t')
            {
                return SipParseError.BadStatusLine;
            }
        }

        message.StatusCode = code;
        int reasonStart = Math.Min(sp + 5, lineEnd);
        message.ReasonPhrase = data[reasonStart..lineEnd];
        return SipParseError.None;
    }

    private static SipParseError CheckVersion(ReadOnlySpan<byte> version, SipParseError malformed)
    {
        if (version.Length >= 5 && Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8))
        {
            ReadOnlySpan<byte> number = version[4..];
            if (number.SequenceEqual("2.0"u8))
            {
                return SipParseError.None;
            }

            int dot = number.IndexOf((byte)'.');
            return dot > 0 && dot < number.Length - 1 && !number.ContainsAnyExcept("0123456789."u8)
                ? SipParseError.BadVersion
                : malformed;
        }

        return malformed;
    }

    private static SipParseError ReadHeaders(ReadOnlyMemory<byte> data, int pos, SipMessage message, out int bodyStart)
    {
        ReadOnlySpan<byte> s = data.Span;
        SipParserLimits limits = message.Limits;
        SipHeader[] table = message.HeaderTable;
        SipParseError error = SipParseError.None;
        int count = 0;
        while (true)
        {
            if (pos + 1 < s.Length && s[pos] == '\r' && s[pos + 1] == '\n')
            {
                bodyStart = pos + 2;
                message.HeaderCount = count;
                return error;
            }

            // Find the end of this field, following folded continuation lines (CRLF then SP/HT).
            int lineEnd = pos;
            while (true)
            {
                int crlf = s[lineEnd..].IndexOf("\r\n"u8);
                if (crlf < 0)
                {
                    bodyStart = s.Length;
                    message.HeaderCount = count;
                    return error != SipParseError.None ? error
                        : s.Length - pos > limits.MaxLineLength ? SipParseError.LineTooLong : SipParseError.IncompleteHeaders;
                }

                lineEnd += crlf;
                if (lineEnd + 2 < s.Length && s[lineEnd + 2] is (byte)' ' or (byte)'\t')
                {
                    lineEnd += 2;
                    continue;
                }

                break;
            }

            if (lineEnd - pos > limits.MaxLineLength)
            {
                error = First(error, SipParseError.LineTooLong);
            }
            else if (count == table.Length)
            {
                bodyStart = s.Length;
                message.HeaderCount = count;
                return First(error, SipParseError.TooManyHeaders);
            }
            else if (TryReadField(data, pos, lineEnd, out SipHeader header))
            {
                table[count++] = header;
            }
            else
            {
                error = First(error, SipParseError.BadHeaderSyntax);
            }

            pos = lineEnd + 2;
        }
    }

    private static SipParseError First(SipParseError current, SipParseError next) => current != SipParseError.None ? current : next;

    private static bool TryReadField(ReadOnlyMemory<byte> data, int start, int end, out SipHeader header)
    {
        // header = field-name *(SP / HTAB) ":" value; the name must start the line (a leading blank would be a stray fold).
        ReadOnlySpan<byte> line = data.Span[start..end];
        int nameEnd = line.IndexOfAnyExcept(SipSyntax.Token);
        if (nameEnd <= 0)
        {
            header = default;
            return false;
        }

        int colon = nameEnd;
        while (colon < line.Length && line[colon] is (byte)' ' or (byte)'\t')
        {
            colon++;
        }

        if (colon >= line.Length || line[colon] != ':')
        {
            header = default;
            return false;
        }

        ReadOnlySpan<byte> value = SipSyntax.Trim(line[(colon + 1)..], out int leading);
        if (!HasOnlyTextCharacters(value))
        {
            header = default;
            return false;
        }

        ReadOnlySpan<byte> name = line[..nameEnd];
        header = new SipHeader(SipHeaderNames.Lookup(name), data.Slice(start, nameEnd), data.Slice(start + colon + 1 + leading, value.Length));
        return true;
    }

    /// <summary>
    /// Control characters may only appear as folds or, escaped, inside quoted strings (RFC 4475 intmeth puts NUL and
    /// BEL in a display name); a bare one is malformed.
    /// </summary>
    private static bool HasOnlyTextCharacters(ReadOnlySpan<byte> value)
    {
        // Vectorized fast path: most values hold no control character at all (folds are rare).
        int first = value.IndexOfAnyInRange((byte)0, (byte)0x1F);
        if (first < 0)
        {
            return true;
        }

        for (int i = 0; i < value.Length; i++)
        {
            byte b = value[i];
            if (b == '"')
            {
                int end = SipSyntax.QuotedStringEnd(value, i);
                if (end < 0)
                {
                    return true; // Unbalanced quotes are the typed parser's to report.
                }

                i = end - 1;
            }
            else if (b < 0x20 && !SipSyntax.IsWhitespace(b))
            {
                return false;
            }
        }

        return true;
    }

    private static SipParseError ValidateHeaders(SipMessage message)
    {
        int via = -1, from = -1, to = -1, callId = -1, cseq = -1, maxForwards = -1, contentLength = -1, expires = -1, contentType = -1;
        ReadOnlySpan<SipHeader> headers = message.Headers;
        for (int i = 0; i < headers.Length; i++)
        {
            SipParseError duplicate = headers[i].Kind switch
            {
                SipHeaderKind.Via => Remember(ref via, i, repeatable: true),
                SipHeaderKind.From => Remember(ref from, i, repeatable: false),
                SipHeaderKind.To => Remember(ref to, i, repeatable: false),
                SipHeaderKind.CallId => Remember(ref callId, i, repeatable: false),
                SipHeaderKind.CSeq => Remember(ref cseq, i, repeatable: false),
                SipHeaderKind.MaxForwards => Remember(ref maxForwards, i, repeatable: false),
                SipHeaderKind.ContentLength => Remember(ref contentLength, i, repeatable: false),
                SipHeaderKind.ContentType => Remember(ref contentType, i, repeatable: false),
                SipHeaderKind.Expires => Remember(ref expires, i, repeatable: false),
                _ => SipParseError.None,
            };
            if (duplicate != SipParseError.None)
            {
                return duplicate;
            }
        }

        if (via < 0)
        {
            return SipParseError.MissingVia;
        }

        if (from < 0)
        {
            return SipParseError.MissingFrom;
        }

        if (to < 0)
        {
            return SipParseError.MissingTo;
        }

        if (callId < 0)
        {
            return SipParseError.MissingCallId;
        }

        if (cseq < 0)
        {
            return SipParseError.MissingCSeq;
        }

        bool first = true;
        foreach (ReadOnlyMemory<byte> value in message.GetValues(SipHeaderKind.Via))
        {
            if (!SipVia.TryParse(value, out SipVia parsed))
            {
                return SipParseError.BadVia;
            }

            if (first)
            {
                message.TopVia = parsed;
                first = false;
            }
        }

        if (!SipNameAddress.TryParse(headers[from].Value, out SipNameAddress fromValue) || fromValue.IsWildcard)
        {
            return SipParseError.BadFrom;
        }

        message.From = fromValue;
        if (!SipNameAddress.TryParse(headers[to].Value, out SipNameAddress toValue) || toValue.IsWildcard)
        {
            return SipParseError.BadTo;
        }

        message.To = toValue;
        if (!IsCallId(headers[callId].Value.Span))
        {
            return SipParseError.BadCallId;
        }

        message.CallId = headers[callId].Value;
        if (!SipCSeq.TryParse(headers[cseq].Value, out SipCSeq cseqValue))
        {
            return SipParseError.BadCSeq;
        }

        message.CSeq = cseqValue;
        if (message.IsRequest && !cseqValue.MethodToken.Span.SequenceEqual(message.MethodToken.Span))
        {
            return SipParseError.CSeqMethodMismatch;
        }

        if (maxForwards >= 0)
        {
            if (!SipSyntax.TryParseNumber(headers[maxForwards].Value.Span, 255, out ulong hops))
            {
                return SipParseError.BadMaxForwards;
            }

            message.MaxForwards = (int)hops;
        }

        if (contentLength >= 0)
        {
            if (!SipSyntax.TryParseNumber(headers[contentLength].Value.Span, int.MaxValue, out ulong length))
            {
                return SipParseError.BadContentLength;
            }

            message.ContentLength = (int)length;
        }

        if (expires >= 0)
        {
            if (!SipSyntax.TryParseNumber(headers[expires].Value.Span, uint.MaxValue, out ulong seconds))
            {
                return SipParseError.BadExpires;
            }

            message.Expires = (long)seconds;
        }

        if (contentType >= 0)
        {
            message.ContentType = headers[contentType].Value;
        }

        foreach (ReadOnlyMemory<byte> value in message.GetValues(SipHeaderKind.Contact))
        {
            if (!SipNameAddress.TryParse(value, out SipNameAddress contact))
            {
                return SipParseError.BadContact;
            }

            // An expires parameter that is present must be valid delta-seconds (RFC 4475 scalarlg).
            if (contact.TryGetParameter("expires"u8, out _) && !contact.TryGetExpires(out _))
            {
                return SipParseError.BadContact;
            }
        }

        return SipParseError.None;
    }

    private static SipParseError Remember(ref int slot, int index, bool repeatable)
    {
        if (slot < 0)
        {
            slot = index;
            return SipParseError.None;
        }

        return repeatable ? SipParseError.None : SipParseError.DuplicateHeader;
    }

    /// <summary>callid = word ["@" word].</summary>
    private static bool IsCallId(ReadOnlySpan<byte> value)
    {
        int at = value.IndexOf((byte)'@');
        ReadOnlySpan<byte> local = at < 0 ? value : value[..at];
        if (local.IsEmpty || local.ContainsAnyExcept(SipSyntax.Word))
        {
            return false;
        }

        if (at < 0)
        {
            return true;
        }

        ReadOnlySpan<byte> host = value[(at + 1)..];
        return !host.IsEmpty && !host.ContainsAnyExcept(SipSyntax.Word);
    }
}
