using System.Text;
using System.Text.RegularExpressions;
using Appliance.Sip.Message;

namespace Appliance.Sip.Tests.Message;

public sealed partial class SipFragTests
{
    [Theory]
    [InlineData("SIP/2.0 100 Trying\r\n", 100, "Trying")]
    [InlineData("SIP/2.0 180 Ringing", 180, "Ringing")]
    [InlineData("SIP/2.0 200 OK\r\nContact: <sip:bob@192.0.2.30>\r\n\r\n", 200, "OK")]
    [InlineData("\r\nSIP/2.0 486 Busy Here\n", 486, "Busy Here")]
    [InlineData("sip/2.0 603 Decline \t\r\n", 603, "Decline")]
    [InlineData("SIP/2.0 503", 503, "")]
    [InlineData("SIP/2.0 200 ", 200, "")]
    [InlineData("SIP/2.0 404 Nicht gefunden \u00fc", 404, "Nicht gefunden \u00fc")]
    public void Status_lines_parse(string body, int code, string reason)
    {
        SipFragError error = SipFrag.ParseStatusLine(Encoding.UTF8.GetBytes(body), out int statusCode, out ReadOnlySpan<byte> phrase);

        Assert.Equal(SipFragError.None, error);
        Assert.Equal(code, statusCode);
        Assert.Equal(reason, Encoding.UTF8.GetString(phrase));
    }

    [Theory]
    [InlineData("", SipFragError.Empty)]
    [InlineData("\r\n\r\n", SipFragError.Empty)]
    [InlineData("INVITE sip:bob@192.0.2.30 SIP/2.0\r\n", SipFragError.NotStatusLine)]
    [InlineData("hello", SipFragError.NotStatusLine)]
    [InlineData("SIP/2.0", SipFragError.NotStatusLine)]
    [InlineData("SIP/ 200 OK", SipFragError.NotStatusLine)]
    [InlineData(" SIP/2.0 200 OK", SipFragError.NotStatusLine)]
    [InlineData("SIP/3.0 200 OK", SipFragError.UnsupportedVersion)]
    [InlineData("SIP/2.0 20 OK", SipFragError.BadStatusCode)]
    [InlineData("SIP/2.0 2000 OK", SipFragError.BadStatusCode)]
    [InlineData("SIP/2.0 099 Low", SipFragError.BadStatusCode)]
    [InlineData("SIP/2.0 700 High", SipFragError.BadStatusCode)]
    [InlineData("SIP/2.0  200 OK", SipFragError.BadStatusCode)]
    [InlineData("SIP/2.0 2x0 OK", SipFragError.BadStatusCode)]
    [InlineData("SIP/2.0 200 O\u0001K", SipFragError.BadReasonPhrase)]
    [InlineData("SIP/2.0 200 O\u007fK", SipFragError.BadReasonPhrase)]
    public void Malformed_bodies_map_to_a_reason(string body, SipFragError expected)
    {
        SipFragError error = SipFrag.ParseStatusLine(Encoding.UTF8.GetBytes(body), out int statusCode, out ReadOnlySpan<byte> phrase);

        Assert.Equal(expected, error);
        Assert.Equal(0, statusCode);
        Assert.True(phrase.IsEmpty);
    }

    [Fact]
    public void Every_prefix_of_a_body_parses_once_the_status_code_is_complete()
    {
        byte[] body = "SIP/2.0 180 Ringing\r\nContent-Length: 0\r\n"u8.ToArray();
        for (int length = 0; length <= body.Length; length++)
        {
            SipFragError error = SipFrag.ParseStatusLine(body.AsSpan(0, length), out int code, out ReadOnlySpan<byte> phrase);
            if (length < "SIP/2.0 180".Length)
            {
                Assert.NotEqual(SipFragError.None, error);
                continue;
            }

            Assert.Equal(SipFragError.None, error);
            Assert.Equal(180, code);
            Assert.True("Ringing"u8.StartsWith(phrase), Encoding.ASCII.GetString(phrase));
        }
    }

    /// <summary>Seeded mutations of sipfrag bodies, checked against an obvious regular-expression reading of the grammar.</summary>
    [Fact]
    public void Mutated_bodies_agree_with_a_reference_reading()
    {
        var random = new Random(3420);
        byte[][] seeds = ["SIP/2.0 100 Trying\r\n"u8.ToArray(), "SIP/2.0 200 OK\r\nContact: <sip:x@y>\r\n"u8.ToArray(), "SIP/2.0 486 Busy Here"u8.ToArray()];
        byte[] interesting = "\r\n \t/.0123456789SIP\u007f\u0000"u8.ToArray();
        int parsed = 0;
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            byte[] body = ByteMutator.Mutate(random, seeds[random.Next(seeds.Length)], interesting, maxEdits: 3);
            SipFragError error = SipFrag.ParseStatusLine(body, out int code, out ReadOnlySpan<byte> phrase);
            (int Code, string Phrase)? expected = Reference(body);
            Assert.True(expected.HasValue == (error == SipFragError.None), $"{error}: {Convert.ToHexString(body)}");
            if (expected is { } e2)
            {
                parsed++;
                Assert.Equal(e2.Code, code);
                Assert.Equal(e2.Phrase, Encoding.Latin1.GetString(phrase));
            }
        }

        Assert.InRange(parsed, 1_000, 19_000); // the mutations exercise both sides
    }

    private static (int Code, string Phrase)? Reference(byte[] body)
    {
        // Latin-1 maps each byte to one char, so the regex sees the bytes as they are.
        Match match = StatusLine().Match(Encoding.Latin1.GetString(body));
        if (!match.Success)
        {
            return null;
        }

        int code = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return code is >= 100 and <= 699 ? (code, match.Groups[2].Value.TrimEnd(' ', '\t')) : null;
    }

    [GeneratedRegex(@"\A[\r\n]*[Ss][Ii][Pp]/2\.0 ([0-9]{3})(?: ([^\x00-\x08\x0a-\x1f\x7f]*))?(?:[\r\n]|\z)")]
    private static partial Regex StatusLine();
}
