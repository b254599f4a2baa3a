using Appliance.Sip.Authentication;

namespace Appliance.Sip.Tests.Authentication;

/// <summary>Vectors from RFC 2617 §3.5, RFC 7616 §3.9.1 and ../shared/references/digest.</summary>
public sealed class DigestTests
{
    [Theory]
    // RFC 2617 §3.5
    [InlineData(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b", "6629fae49393a05397450978507c4ef1")]
    [InlineData(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null, "670fd8c2df070c60b045671b8b24ff02")]
    // RFC 7616 §3.9.1
    [InlineData(DigestAlgorithm.Md5, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData(DigestAlgorithm.Sha256, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    // SIP-shaped
    [InlineData(DigestAlgorithm.Md5, "alice", "sip.example.com", "secret123", "REGISTER", "sip:sip.example.com", "4a8f1c2e3d5b6a7980fedcba01234567", null, null, null, "1462ee95f200b6183b8564b7df36b389")]
    [InlineData(DigestAlgorithm.Md5, "alice", "sip.example.com", "secret123", "REGISTER", "sip:sip.example.com", "4a8f1c2e3d5b6a7980fedcba01234567", "auth", "00000001", "0a4f113b", "7fa9b2325f603556a30a6f45a42c536c")]
    [InlineData(DigestAlgorithm.Sha256, "alice", "sip.example.com", "secret123", "REGISTER", "sip:sip.example.com", "4a8f1c2e3d5b6a7980fedcba01234567", "auth", "00000001", "0a4f113b", "586f16b32e96a5f03deabe1ea91a4505dd33c1adf201f18620697103e4a5c4d3")]
    [InlineData(DigestAlgorithm.Md5, "alice", "sip.example.com", "secret123", "INVITE", "sip:bob@sip.example.com", "84f1c1ae6cbe5ua9b8c0c2b7f1e0b3a4", "auth", "00000001", "e8a2b1c0", "e89c6c6ff90239cad3a86a4f1d85343e")]
    // Captured SIPp ↔ Kamailio exchange
    [InlineData(DigestAlgorithm.Md5, "alice", "test.local", "secret123", "REGISTER", "sip:127.0.0.1:5060", "awOA/WsDf9HCQvUHHfth89LkUQVAh78v", "auth", "00000001", "6b8b4567", "a3856843d2b2ebace888bbcfb4b27bc3")]
    public void Response_matches_reference_vectors(DigestAlgorithm algorithm, string user, string realm, string password, string method, string uri, string nonce, string? qop, string? nc, string? cnonce, string expected) =>
        Assert.Equal(expected, DigestResponse.Compute(algorithm, user, realm, password, method, uri, nonce, qop, nc, cnonce));

    [Fact]
    public void Challenge_parses_quoted_and_token_parameters()
    {
        Assert.True(DigestChallenge.TryParse(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", stale=TRUE",
            out var challenge));
        Assert.Equal("testrealm@host.com", challenge.Realm);
        Assert.Equal("dcd98b7102dd2f0e8b11d0f600bfb0c093", challenge.Nonce);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", challenge.Opaque);
        Assert.Equal(DigestAlgorithm.Md5, challenge.Algorithm);
        Assert.True(challenge.OffersQopAuth);
        Assert.True(challenge.Stale);
    }

    [Theory]
    [InlineData("Basic realm=\"x\"")]
    [InlineData("Digest nonce=\"n\"")]
    [InlineData("Digest realm=\"r\"")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"")]
    [InlineData("Digestrealm=\"r\", nonce=\"n\"")]
    [InlineData("")]
    public void Unusable_challenges_are_declined(string header) => Assert.False(DigestChallenge.TryParse(header, out _));

    [Fact]
    public void Strongest_of_several_challenges_wins()
    {
        var chosen = DigestChallenge.SelectStrongest([
            "Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"",
            "Digest realm=\"r\", nonce=\"n2\", algorithm=SHA-256, qop=\"auth\"",
            "Basic realm=\"r\"",
        ]);
        Assert.Equal(DigestAlgorithm.Sha256, chosen!.Algorithm);
        Assert.Equal("n2", chosen.Nonce);
    }

    [Fact]
    public void Client_builds_the_header_counts_nc_and_uses_the_exact_request_uri()
    {
        var client = new DigestClient("alice", "secret123", () => "0a4f113b");
        Assert.Null(client.Authorize("REGISTER", "sip:sip.example.com"));
        DigestChallenge.TryParse("Digest realm=\"sip.example.com\", nonce=\"4a8f1c2e3d5b6a7980fedcba01234567\", qop=\"auth\"", out var challenge);
        Assert.True(client.Accept(challenge));

        var first = client.Authorize("REGISTER", "sip:sip.example.com");
        Assert.Equal(
            "Digest username=\"alice\", realm=\"sip.example.com\", nonce=\"4a8f1c2e3d5b6a7980fedcba01234567\", uri=\"sip:sip.example.com\", response=\"7fa9b2325f603556a30a6f45a42c536c\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\"",
            first);
        client.Succeeded();
        Assert.Contains("nc=00000002", client.Authorize("REGISTER", "sip:sip.example.com"), StringComparison.Ordinal);
    }

    [Fact]
    public void Client_gives_up_on_a_repeated_challenge_but_retries_a_stale_one()
    {
        var client = new DigestClient("alice", "wrong");
        DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n1\"", out var first);
        DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n2\", stale=true", out var stale);
        DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n3\"", out var again);

        Assert.True(client.Accept(first));
        client.Authorize("REGISTER", "sip:r");
        Assert.True(client.Accept(stale));
        client.Authorize("REGISTER", "sip:r");
        Assert.False(client.Accept(again));
    }

    [Fact]
    public void Client_bound_to_a_realm_declines_every_other_realm()
    {
        var client = new DigestClient("alice", "secret", realm: "carrier.example");
        DigestChallenge.TryParse("Digest realm=\"evil.example\", nonce=\"n1\"", out var stranger);
        DigestChallenge.TryParse("Digest realm=\"Carrier.Example\", nonce=\"n2\"", out var carrier);

        Assert.False(client.Accept(stranger));
        Assert.Null(client.Authorize("INVITE", "sip:+15551230001@carrier.example"));
        Assert.True(client.Accept(carrier));
        Assert.Contains("realm=\"Carrier.Example\"", client.Authorize("INVITE", "sip:+15551230001@carrier.example"), StringComparison.Ordinal);
    }

    [Fact]
    public void Client_retries_when_a_reused_nonce_that_worked_is_challenged_without_stale()
    {
        var client = new DigestClient("alice", "secret");
        DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n1\"", out var first);
        DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n2\"", out var expired);
        DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n3\"", out var again);

        Assert.True(client.Accept(first));
        client.Authorize("REGISTER", "sip:r");
        client.Succeeded();
        client.Authorize("REGISTER", "sip:r");

        // The server expired n1 without stale=true: the credentials worked with it, so try the new nonce.
        Assert.True(client.Accept(expired));
        client.Authorize("REGISTER", "sip:r");

        // n2 was fresh and still refused: now the credentials are wrong.
        Assert.False(client.Accept(again));
    }
}
