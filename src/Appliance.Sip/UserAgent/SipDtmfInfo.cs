using System.Text;

namespace Appliance.Sip.UserAgent;

/// <summary>Reads the digit of an INFO DTMF body: application/dtmf-relay ("Signal=5\r\nDuration=160") or application/dtmf ("5").</summary>
internal static class SipDtmfInfo
{
    public static bool TryParse(ReadOnlySpan<byte> contentType, ReadOnlySpan<byte> body, out char digit)
    {
        digit = '\0';
        int semi = contentType.IndexOf((byte)';');
        ReadOnlySpan<byte> type = (semi < 0 ? contentType : contentType[..semi]).Trim(" \t"u8);
        ReadOnlySpan<byte> signal;
        if (Ascii.EqualsIgnoreCase(type, "application/dtmf-relay"u8))
        {
            int at = IndexOfIgnoreCase(body, "signal"u8);
            if (at < 0)
            {
                return false;
            }

            ReadOnlySpan<byte> rest = body[(at + 6)..].TrimStart(" \t"u8);
            if (rest.IsEmpty || rest[0] != '=')
            {
                return false;
            }

            rest = rest[1..].TrimStart(" \t"u8);
            int end = rest.IndexOfAny("\r\n \t"u8);
            signal = end < 0 ? rest : rest[..end];
        }
        else if (Ascii.EqualsIgnoreCase(type, "application/dtmf"u8))
        {
            signal = body.Trim(" \t\r\n"u8);
        }
        else
        {
            return false;
        }

        return TryMap(signal, out digit);
    }

    private static bool TryMap(ReadOnlySpan<byte> signal, out char digit)
    {
        digit = '\0';
        if (signal.SequenceEqual("10"u8))
        {
            digit = '*';
        }
        else if (signal.SequenceEqual("11"u8))
        {
            digit = '#';
        }
        else if (signal.Length == 1 && "0123456789*#ABCDabcd"u8.Contains(signal[0]))
        {
            digit = char.ToUpperInvariant((char)signal[0]);
        }

        return digit != '\0';
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> value)
    {
        for (int i = 0; i + value.Length <= s.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(s.Slice(i, value.Length), value))
            {
                return i;
            }
        }

        return -1;
    }
}
