using System.Security.Cryptography;
using System.Text;

namespace Appliance.Sip.Authentication;

/// <summary>The digest computation of RFC 2617 §3.2.2 / RFC 7616 §3.4.1 (qop=auth, or none for RFC 2069 peers).</summary>
public static class DigestResponse
{
    public static string Compute(
        DigestAlgorithm algorithm, string username, string realm, string password,
        string method, string digestUri, string nonce, string? qop, string? nc, string? cnonce)
    {
        var ha1 = Hash(algorithm, $"{username}:{realm}:{password}");
        if (algorithm is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess)
        {
            ha1 = Hash(algorithm, $"{ha1}:{nonce}:{cnonce}");
        }
        var ha2 = Hash(algorithm, $"{method}:{digestUri}");
        return qop is null
            ? Hash(algorithm, $"{ha1}:{nonce}:{ha2}")
            : Hash(algorithm, $"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    public static string Hash(DigestAlgorithm algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var digest = algorithm is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess ? SHA256.HashData(bytes) : MD5.HashData(bytes);
        return Convert.ToHexStringLower(digest);
    }
}
