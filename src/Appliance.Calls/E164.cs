namespace Appliance.Calls;

/// <summary>International phone numbers as the call API and agents write them: "+" then 7–15 digits, no leading zero.</summary>
public static class E164
{
    public static bool IsValid(string? text)
    {
        if (text is null || text.Length is < 8 or > 16 || text[0] != '+' || text[1] == '0')
        {
            return false;
        }
        foreach (var c in text.AsSpan(1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
