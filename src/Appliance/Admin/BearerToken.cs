using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Appliance.Admin;

/// <summary>
/// The call API's bearer token. The presented token is compared by SHA-256 digest in constant time, so neither its
/// content nor its length leaks through response timing. With no token configured the API is open to loopback clients
/// only: start-up refuses a non-loopback admin address without a token, and this check keeps that true per request.
/// </summary>
internal sealed class BearerToken(string? token)
{
    private readonly byte[]? _digest = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Why the request may not use the API (None when it may).</summary>
    public BearerRefusal Check(HttpContext context)
    {
        if (_digest is null)
        {
            return IsLoopback(context.Connection.RemoteIpAddress) ? BearerRefusal.None : BearerRefusal.NotLoopback;
        }
        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return BearerRefusal.Missing;
        }
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(header.AsSpan(Scheme.Length).Trim().ToString()), presented);
        return CryptographicOperations.FixedTimeEquals(presented, _digest) ? BearerRefusal.None : BearerRefusal.Invalid;
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
