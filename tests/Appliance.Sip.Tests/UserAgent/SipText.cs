using System.Text;
using Appliance.Sip.Message;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

/// <summary>Parsing and reading helpers for messages in tests (owned byte[] copies, so they outlive the call that made them).</summary>
internal static class SipText
{
    public static SipMessage Parse(string text) => Parse(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")));

    public static SipMessage Parse(byte[] bytes)
    {
        var message = new SipMessage();
        SipParseError error = message.Parse(bytes);
        Assert.True(error == SipParseError.None, $"{error}: {Encoding.UTF8.GetString(bytes)}");
        return message;
    }

    public static string Header(this SipMessage message, SipHeaderKind kind) =>
        message.TryGetHeader(kind, out ReadOnlyMemory<byte> value) ? Encoding.UTF8.GetString(value.Span) : "";

    public static string Header(this SipMessage message, string name) =>
        message.TryGetHeader(Encoding.ASCII.GetBytes(name), out ReadOnlyMemory<byte> value) ? Encoding.UTF8.GetString(value.Span) : "";

    public static List<string> Values(this SipMessage message, SipHeaderKind kind)
    {
        var values = new List<string>();
        foreach (ReadOnlyMemory<byte> value in message.GetValues(kind))
        {
            values.Add(Encoding.UTF8.GetString(value.Span));
        }

        return values;
    }

    public static string BodyText(this SipMessage message) => Encoding.UTF8.GetString(message.Body.Span);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
