using System.Globalization;
using System.Text;

namespace Appliance.Sip.Authentication;

/// <summary>
/// Answers digest challenges for one client context (a registration, a dialog): remembers the
/// current challenge and counts nc per nonce, so that requests after the first reuse the nonce
/// without another round trip until the server declares it stale. With a realm, challenges from
/// any other realm are declined, so the trunk's password is never answered to a stranger.
/// </summary>
public sealed class DigestClient(string username, string password, Func<string>? cnonceFactory = null, string? realm = null)
{
    private readonly Func<string> _cnonce = cnonceFactory ?? (() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)));
    private DigestChallenge? _challenge;
    private int _nonceCount;
    private bool _awaitingVerdict;
    private bool _challengeProven;

    public DigestChallenge? Challenge => _challenge;

    /// <summary>
    /// Takes a new challenge. Returns false for another realm than the one configured, and when retrying would be pointless: credentials answering
    /// a fresh challenge were challenged again without stale=true, which means they are wrong.
    /// (stale=true is a fresh nonce for good credentials and always retries.) A challenge to a
    /// reused nonce that already succeeded also retries: many servers expire nonces, or never
    /// allow reuse, without saying stale (Kamailio's nonce_expire does exactly this).
    /// </summary>
    public bool Accept(DigestChallenge challenge)
    {
        if (realm is not null && !realm.Equals(challenge.Realm, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var credentialsRejected = _awaitingVerdict && !challenge.Stale && !_challengeProven;
        _challenge = challenge;
        _nonceCount = 0;
        _awaitingVerdict = false;
        _challengeProven = false;
        return !credentialsRejected;
    }

    /// <summary>The server accepted the last authorized request.</summary>
    public void Succeeded()
    {
        _challengeProven = _awaitingVerdict || _challengeProven;
        _awaitingVerdict = false;
    }

    /// <summary>The Authorization / Proxy-Authorization value for a request, or null with no challenge yet.</summary>
    public string? Authorize(string method, string requestUri)
    {
        if (_challenge is not { } c)
        {
            return null;
        }
        string? qop = c.OffersQopAuth ? "auth" : null;
        string? nc = null;
        string? cnonce = null;
        if (qop is not null || c.Algorithm is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess)
        {
            _nonceCount++;
            nc = _nonceCount.ToString("x8", CultureInfo.InvariantCulture);
            cnonce = _cnonce();
        }
        _awaitingVerdict = true;
        var response = DigestResponse.Compute(c.Algorithm, username, c.Realm, password, method, requestUri, c.Nonce, qop, nc, cnonce);

        var header = new StringBuilder("Digest ");
        header.Append(CultureInfo.InvariantCulture, $"username=\"{Quote(username)}\", realm=\"{Quote(c.Realm)}\", nonce=\"{Quote(c.Nonce)}\", uri=\"{Quote(requestUri)}\", response=\"{response}\", algorithm={AlgorithmName(c.Algorithm)}");
        if (c.Opaque is not null)
        {
            header.Append(CultureInfo.InvariantCulture, $", opaque=\"{Quote(c.Opaque)}\"");
        }
        if (qop is not null)
        {
            header.Append(CultureInfo.InvariantCulture, $", qop={qop}, nc={nc}, cnonce=\"{Quote(cnonce!)}\"");
        }
        return header.ToString();
    }

    private static string AlgorithmName(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5Sess => "MD5-sess",
        DigestAlgorithm.Sha256 => "SHA-256",
        DigestAlgorithm.Sha256Sess => "SHA-256-sess",
        _ => "MD5",
    };

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
