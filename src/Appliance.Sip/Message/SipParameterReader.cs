using System.Text;

namespace Appliance.Sip.Message;

/// <summary>
/// Walks ";name[=value]" parameters. Header parameters allow LWS around ';' and '=' and quoted values; URI parameters
/// (<paramref name="uriStyle"/>) allow neither. Stops with <see cref="Failed"/> set on the first syntax error.
/// </summary>
internal ref struct SipParameterReader(ReadOnlySpan<byte> parameters, bool uriStyle)
{
    private readonly ReadOnlySpan<byte> _s = parameters;
    private int _pos;

    public ReadOnlySpan<byte> Name { get; private set; }

    /// <summary>Offset of the value within the parameter span (quotes included for quoted values).</summary>
    public int ValueStart { get; private set; }

    public int ValueLength { get; private set; }

    public bool HasValue { get; private set; }

    /// <summary>Offset just past the parameter name within the span (where "=value" would be inserted).</summary>
    public int NameEnd { get; private set; }

    public bool Failed { get; private set; }

    public readonly ReadOnlySpan<byte> Value => _s.Slice(ValueStart, ValueLength);

    public bool MoveNext()
    {
        ReadOnlySpan<byte> s = _s;
        int i = uriStyle ? _pos : SipSyntax.SkipWhitespace(s, _pos);
        if (i >= s.Length)
        {
            return false;
        }

        if (s[i] != ';')
        {
            return Fail();
        }

        i = uriStyle ? i + 1 : SipSyntax.SkipWhitespace(s, i + 1);
        int nameStart = i;
        var nameChars = uriStyle ? SipSyntax.ParamChars : SipSyntax.Token;
        int run = s[i..].IndexOfAnyExcept(nameChars);
        i = run < 0 ? s.Length : i + run;
        if (i == nameStart)
        {
            return Fail();
        }

        Name = s[nameStart..i];
        NameEnd = i;
        HasValue = false;
        ValueStart = i;
        ValueLength = 0;
        int afterName = uriStyle ? i : SipSyntax.SkipWhitespace(s, i);
        if (afterName < s.Length && s[afterName] == '=')
        {
            int v = uriStyle ? afterName + 1 : SipSyntax.SkipWhitespace(s, afterName + 1);
            int end;
            if (!uriStyle && v < s.Length && s[v] == '"')
            {
                end = SipSyntax.QuotedStringEnd(s, v);
                if (end < 0)
                {
                    return Fail();
                }
            }
            else
            {
                int valueRun = s[v..].IndexOfAnyExcept(uriStyle ? SipSyntax.ParamChars : SipSyntax.GenericValueChars);
                end = valueRun < 0 ? s.Length : v + valueRun;
                if (end == v)
                {
                    return Fail();
                }
            }

            HasValue = true;
            ValueStart = v;
            ValueLength = end - v;
            afterName = end;
        }

        _pos = afterName;
        if (uriStyle && !SipSyntax.HasValidEscapes(s[nameStart..afterName]))
        {
            return Fail();
        }

        return true;
    }

    /// <summary>Finds a parameter's value as a slice of <paramref name="parameters"/> (empty for a flag); false if absent or malformed.</summary>
    public static bool TryFind(ReadOnlyMemory<byte> parameters, ReadOnlySpan<byte> name, bool uriStyle, out ReadOnlyMemory<byte> value)
    {
        if (TryFind(parameters.Span, name, uriStyle, out int start, out int length))
        {
            value = parameters.Slice(start, length);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Finds a parameter by case-insensitive name; false if absent or the list is malformed.</summary>
    public static bool TryFind(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> name, bool uriStyle, out int valueStart, out int valueLength)
    {
        var reader = new SipParameterReader(parameters, uriStyle);
        while (reader.MoveNext())
        {
            if (Ascii.EqualsIgnoreCase(reader.Name, name))
            {
                valueStart = reader.ValueStart;
                valueLength = reader.ValueLength;
                return true;
            }
        }

        valueStart = 0;
        valueLength = 0;
        return false;
    }

    /// <summary>True when the whole list is well formed.</summary>
    public static bool Validate(ReadOnlySpan<byte> parameters, bool uriStyle)
    {
        var reader = new SipParameterReader(parameters, uriStyle);
        while (reader.MoveNext())
        {
        }

        return !reader.Failed;
    }

    private bool Fail()
    {
        Failed = true;
        _pos = _s.Length;
        return false;
    }
}
