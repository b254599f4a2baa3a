using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Appliance.Providers.Brain;

/// <summary>
/// Signs a request body so the brain can verify the sender and reject replays:
/// <c>X-Appliance-Signature: sha256=hex(HMAC-SHA256(secret, "{unix seconds}." + body))</c>.
/// </summary>
internal static class BrainRequestSigner
{
    public const string TimestampHeader = "X-Appliance-Timestamp";
    public const string SignatureHeader = "X-Appliance-Signature";

    /// <summary>The timestamp header value: Unix seconds, invariant digits.</summary>
    public static string Timestamp(DateTimeOffset now) => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The signature header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        // Timestamp, a dot, then the exact body bytes: the brain recomputes this from what it received, so no JSON re-encoding may sit in between.
        byte[] signed = new byte[timestamp.Length + 1 + body.Length];
        int written = Encoding.ASCII.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        byte[] key = Encoding.UTF8.GetBytes(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
    }
}
