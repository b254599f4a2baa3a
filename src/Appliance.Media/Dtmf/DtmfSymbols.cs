namespace Appliance.Media.Dtmf;

/// <summary>Maps DTMF symbols (0–9, *, #, A–D) to RFC 4733 event codes and keypad positions.</summary>
public static class DtmfSymbols
{
    private const string ByEvent = "0123456789*#ABCD";

    /// <summary>The keypad as rows × columns, as the tone pairs address it.</summary>
    internal const string Keypad = "123A456B789C*0#D";

    /// <summary>The symbol for event codes 0–15; false for other events (e.g. flash).</summary>
    public static bool TryGetSymbol(byte eventCode, out char symbol)
    {
        symbol = eventCode < ByEvent.Length ? ByEvent[eventCode] : '\0';
        return eventCode < ByEvent.Length;
    }

    /// <summary>The event code of a symbol (case-insensitive for A–D); false if it is not a DTMF symbol.</summary>
    public static bool TryGetEvent(char symbol, out byte eventCode)
    {
        int index = ByEvent.IndexOf(char.ToUpperInvariant(symbol), StringComparison.Ordinal);
        eventCode = (byte)Math.Max(index, 0);
        return index >= 0;
    }
}
