using Appliance.Sip.Message;

namespace Appliance.Sip.Tests.Message;

public class SipTortureTests
{
    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (string name in SipTortureCorpus.Cases.Keys)
        {
            names.Add(name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Corpus_case_has_the_expected_outcome(string name)
    {
        (string text, SipParseError expected) = SipTortureCorpus.Cases[name];
        var message = new SipMessage();
        Assert.Equal(expected, message.Parse(SipTestText.Wire(text)));
    }

    private static SipMessage Parse(string name)
    {
        var message = new SipMessage();
        Assert.Equal(SipParseError.None, message.Parse(SipTestText.Wire(SipTortureCorpus.Cases[name].Text)));
        return message;
    }

    private static string T(ReadOnlyMemory<byte> bytes) => SipTestText.Text(bytes);

    [Fact]
    public void Wsinv_values_survive_folding_and_whitespace()
    {
        SipMessage m = Parse("wsinv");
        Assert.Equal("1918181833n", T(m.To.Tag));
        Assert.Equal("98asjd8", T(m.From.Tag));
        Assert.Equal("J Rosenberg \\\\\\\"", T(m.From.DisplayName));
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal(9u, m.CSeq.Number);
        Assert.Equal("192.0.2.2", T(m.TopVia.Host));
        Assert.Equal("390skdjuw", T(m.TopVia.Branch));
        int vias = 0;
        foreach (ReadOnlyMemory<byte> value in m.GetValues(SipHeaderKind.Via))
        {
            Assert.True(SipVia.TryParse(value, out _));
            vias++;
        }

        Assert.Equal(3, vias);
        Assert.True(m.TryGetHeader(SipHeaderKind.Contact, out ReadOnlyMemory<byte> contactRaw));
        Assert.True(SipNameAddress.TryParse(contactRaw, out SipNameAddress contact));
        Assert.True(contact.TryGetParameter("newparam"u8, out ReadOnlyMemory<byte> newValue));
        Assert.Equal("newvalue", T(newValue));
        Assert.True(contact.TryGetParameter("q"u8, out ReadOnlyMemory<byte> q));
        Assert.Equal("0.33", T(q));
        Assert.Equal(m.ContentLength, m.Body.Length);
    }

    [Fact]
    public void Intmeth_keeps_the_extension_method_token()
    {
        SipMessage m = Parse("intmeth");
        Assert.Equal(SipMethod.Unknown, m.Method);
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", T(m.MethodToken));
        Assert.Equal("example.com", T(m.RequestUri.Host));
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", T(m.RequestUri.Password));
        Assert.Equal("_token~1'+`*%!-.", T(m.From.Tag));
    }

    [Fact]
    public void Semiuri_user_part_contains_the_semicolon()
    {
        SipMessage m = Parse("semiuri");
        Assert.Equal("user;par=u%40example.net", T(m.RequestUri.User));
        Assert.Equal("example.com", T(m.RequestUri.Host));
        Assert.True(m.RequestUri.Parameters.IsEmpty);
    }

    [Fact]
    public void Esc01_request_uri_user_unescapes()
    {
        SipMessage m = Parse("esc01");
        Span<byte> buffer = stackalloc byte[64];
        int n = SipUri.Unescape(m.RequestUri.User.Span, buffer);
        Assert.Equal("sips:user@example.com", System.Text.Encoding.ASCII.GetString(buffer[..n]));
    }

    [Fact]
    public void Dblreq_parses_only_the_first_request()
    {
        SipMessage m = Parse("dblreq");
        Assert.Equal(SipMethod.Register, m.Method);
        Assert.Equal(0, m.Body.Length);
        Assert.EndsWith("Content-Length: 0\r\n\r\n", T(m.Buffer), StringComparison.Ordinal);
    }

    [Fact]
    public void Transports_lists_five_vias()
    {
        SipMessage m = Parse("transports");
        var transports = new List<string>();
        foreach (ReadOnlyMemory<byte> value in m.GetValues(SipHeaderKind.Via))
        {
            Assert.True(SipVia.TryParse(value, out SipVia via));
            transports.Add(T(via.Transport));
        }

        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], transports);
    }

    [Fact]
    public void Mpart01_body_is_binary_exact()
    {
        SipMessage m = Parse("mpart01");
        Assert.Equal(m.ContentLength, m.Body.Length);
        Assert.True(m.Body.Span.EndsWith("--7a9cbec02ceef655--\r\n"u8));
    }

    [Fact]
    public void Responses_with_unusual_reasons_parse()
    {
        SipMessage unreason = Parse("unreason");
        Assert.Equal(200, unreason.StatusCode);
        Assert.EndsWith("простое", T(unreason.ReasonPhrase), StringComparison.Ordinal);
        SipMessage noreason = Parse("noreason");
        Assert.Equal(100, noreason.StatusCode);
        Assert.Equal(0, noreason.ReasonPhrase.Length);
    }

    [Fact]
    public void Ipv6_references_parse_in_uri_via_and_contact()
    {
        SipMessage m = Parse("ipv6");
        Assert.Equal("[2001:db8::10]", T(m.RequestUri.Host));
        Assert.True(m.RequestUri.IsIPv6);
        Assert.Equal(5070, m.RequestUri.Port);
        Assert.Equal("[2001:db8::9:1]", T(m.TopVia.Host));
        Assert.Equal("[2001:db8::9:255]", T(m.TopVia.Received));
    }

    [Fact]
    public void Folded_addr_spec_parameters_are_found()
    {
        SipMessage m = Parse("foldedaddrspec");
        Assert.Equal("folded", T(m.To.Tag));
        Assert.Equal("tabbed", T(m.From.Tag));
        Assert.Equal("sip:user@example.com", T(m.To.Uri.Raw));
    }

    [Fact]
    public void Application_layer_cases_expose_what_the_tu_needs()
    {
        Assert.True(SipUasChecks.TryFindUnsupportedRequire(Parse("bext01"), ["timer"], out ReadOnlyMemory<byte> tag));
        Assert.Equal("nothingSupportedHere", T(tag));
        Assert.Equal(SipUriScheme.Other, Parse("novelsc").To.Uri.Scheme);
        Assert.Equal(0, Parse("zeromf").MaxForwards);
        Assert.False(Parse("badbranch").TopVia.Branch.IsEmpty);
        Assert.True(Parse("inv2543").TopVia.Branch.IsEmpty);
    }
}
