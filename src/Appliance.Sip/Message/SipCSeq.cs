namespace Appliance.Sip.Message;

/// <summary>The CSeq header (RFC 3261 §20.16): sequence number below 2^31 and method.</summary>
public readonly struct SipCSeq(uint number, SipMethod method, ReadOnlyMemory<byte> methodToken)
{
    public uint Number { get; } = number;

    public SipMethod Method { get; } = method;

    /// <summary>The method token as sent (needed for extension methods).</summary>
    public ReadOnlyMemory<byte> MethodToken { get; } = methodToken;

    /// <summary>Parses "1*DIGIT LWS Method".</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipCSeq cseq)
    {
        cseq = default;
        ReadOnlySpan<byte> s = SipSyntax.Trim(value.Span, out int leading);
        int digits = s.IndexOfAnyExcept("0123456789"u8);
        if (digits <= 0 || !SipSyntax.IsWhitespace(s[digits]) || !SipSyntax.TryParseNumber(s[..digits], int.MaxValue, out ulong number))
        {
            return false;
        }

        int methodStart = SipSyntax.SkipWhitespace(s, digits);
        ReadOnlySpan<byte> method = s[methodStart..];
        if (!SipSyntax.IsToken(method))
        {
            return false;
        }

        cseq = new SipCSeq((uint)number, SipMethods.Parse(method), value.Slice(leading + methodStart, method.Length));
        return true;
    }
}
