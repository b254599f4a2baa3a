namespace Appliance.Sip.Authentication;

/// <summary>A parsed WWW-Authenticate or Proxy-Authenticate digest challenge (RFC 3261 §22.4, RFC 7616 §3.3).</summary>
public sealed record DigestChallenge(
    string Realm,
    string Nonce,
    string? Opaque,
    DigestAlgorithm Algorithm,
    bool OffersQopAuth,
    bool Stale)
{
    /// <summary>Parses one challenge; false for another scheme, a missing realm or nonce, or an algorithm we do not support.</summary>
    public static bool TryParse(string headerValue, out DigestChallenge challenge)
    {
        challenge = null!;
        var text = headerValue.AsSpan().Trim();
        if (!text.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || text.Length < 7 || !char.IsWhiteSpace(text[6]))
        {
            return false;
        }
        var parameters = AuthParameters.Parse(text[7..]);
        if (!parameters.TryGetValue("realm", out var realm) || !parameters.TryGetValue("nonce", out var nonce))
        {
            return false;
        }
        if (!TryParseAlgorithm(parameters.GetValueOrDefault("algorithm"), out var algorithm))
        {
            return false;
        }
        var qopAuth = false;
        if (parameters.TryGetValue("qop", out var qop))
        {
            foreach (var option in qop.Split(',', StringSplitOptions.TrimEntries))
            {
                qopAuth |= option.Equals("auth", StringComparison.OrdinalIgnoreCase);
            }
            // qop offered but only auth-int: we do not hash bodies for challenges, so decline.
            if (!qopAuth)
            {
                return false;
            }
        }
        var stale = parameters.TryGetValue("stale", out var staleText) && staleText.Equals("true", StringComparison.OrdinalIgnoreCase);
        challenge = new DigestChallenge(realm, nonce, parameters.GetValueOrDefault("opaque"), algorithm, qopAuth, stale);
        return true;
    }

    /// <summary>
    /// Of several challenges (RFC 8760 lets a server offer SHA-256 and MD5 side by side), the
    /// strongest we support; null when none is usable.
    /// </summary>
    public static DigestChallenge? SelectStrongest(IEnumerable<string> headerValues)
    {
        DigestChallenge? best = null;
        foreach (var value in headerValues)
        {
            if (TryParse(value, out var candidate) && (best is null || Strength(candidate.Algorithm) > Strength(best.Algorithm)))
            {
                best = candidate;
            }
        }
        return best;
    }

    private static int Strength(DigestAlgorithm algorithm) => algorithm is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess ? 2 : 1;

    private static bool TryParseAlgorithm(string? text, out DigestAlgorithm algorithm)
    {
        algorithm = DigestAlgorithm.Md5;
        switch (text?.ToUpperInvariant())
        {
            case null or "MD5":
                return true;
            case "MD5-SESS":
                algorithm = DigestAlgorithm.Md5Sess;
                return true;
            case "SHA-256":
                algorithm = DigestAlgorithm.Sha256;
                return true;
            case "SHA-256-SESS":
                algorithm = DigestAlgorithm.Sha256Sess;
                return true;
            default:
                return false;
        }
    }
}
