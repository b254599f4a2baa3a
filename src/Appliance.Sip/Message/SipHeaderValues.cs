namespace Appliance.Sip.Message;

/// <summary>
/// Enumerates the values of one header kind across all its field lines, in order, splitting list headers at commas that
/// are outside quotes and angle brackets. Each value is LWS-trimmed. Allocation-free (a struct enumerator).
/// </summary>
public struct SipHeaderValues
{
    private readonly SipHeader[] _headers;
    private readonly int _count;
    private readonly SipHeaderKind _kind;
    private readonly bool _split;
    private int _index;
    private ReadOnlyMemory<byte> _rest;
    private bool _inField;

    internal SipHeaderValues(SipHeader[] headers, int count, SipHeaderKind kind)
    {
        _headers = headers;
        _count = count;
        _kind = kind;
        _split = SipHeaderNames.IsList(kind);
        _index = -1;
        _rest = default;
        _inField = false;
        Current = default;
    }

    public ReadOnlyMemory<byte> Current { get; private set; }

    public readonly SipHeaderValues GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!_inField)
        {
            do
            {
                _index++;
            }
            while (_index < _count && _headers[_index].Kind != _kind);

            if (_index >= _count)
            {
                return false;
            }

            _rest = _headers[_index].Value;
            _inField = true;
        }

        int comma = _split ? FindComma(_rest.Span) : -1;
        ReadOnlyMemory<byte> value = comma < 0 ? _rest : _rest[..comma];
        if (comma < 0)
        {
            _inField = false;
        }
        else
        {
            _rest = _rest[(comma + 1)..];
        }

        ReadOnlySpan<byte> trimmed = SipSyntax.Trim(value.Span, out int leading);
        Current = value.Slice(leading, trimmed.Length);
        return true;
    }

    /// <summary>Index of the first comma outside a quoted string or &lt;...&gt;, or -1.</summary>
    internal static int FindComma(ReadOnlySpan<byte> s)
    {
        bool inAngle = false;
        int i = 0;
        while (true)
        {
            // Jump between the only bytes that matter, vectorized, instead of walking every byte.
            int next = s[i..].IndexOfAny(",\"<>"u8);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            switch (s[i])
            {
                case (byte)'"':
                    int end = SipSyntax.QuotedStringEnd(s, i);
                    if (end < 0)
                    {
                        return -1; // Unbalanced: keep the rest whole so the typed parser reports it.
                    }

                    i = end;
                    continue;
                case (byte)'<':
                    inAngle = true;
                    break;
                case (byte)'>':
                    inAngle = false;
                    break;
                default:
                    if (!inAngle)
                    {
                        return i;
                    }

                    break;
            }

            i++;
        }
    }
}
