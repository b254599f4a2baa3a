using System.Net;
using System.Net.Sockets;

namespace Appliance.Media.Sdp;

/// <summary>A c= line: <c>IN IP4 192.0.2.1</c>, <c>IN IP6 2001:db8::1</c>, or (rarely) a host name.</summary>
public sealed record SdpConnection(string AddressType, string Address)
{
    public SdpConnection(IPAddress address)
        : this(address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4", address.ToString())
    {
    }

    /// <summary>The address as an IP literal; null for a host name (RFC 4566 allows an FQDN, which the caller must resolve).</summary>
    public IPAddress? IPAddress => System.Net.IPAddress.TryParse(Address, out IPAddress? address) ? address : null;

    /// <summary>True for the RFC 2543 hold address 0.0.0.0 (and :: for symmetry), which means "do not send to me".</summary>
    public bool IsHoldAddress => IPAddress is IPAddress address && (address.Equals(System.Net.IPAddress.Any) || address.Equals(System.Net.IPAddress.IPv6Any));

    public override string ToString() => "IN " + AddressType + " " + Address;

    internal static bool TryParse(string value, out SdpConnection? connection)
    {
        connection = null;
        string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0] != "IN" || parts[1] is not ("IP4" or "IP6"))
        {
            return false;
        }

        // Multicast "addr/ttl" forms are not used by telephony peers; the address part alone is what we need.
        string host = parts[2];
        int slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        if (System.Net.IPAddress.TryParse(host, out IPAddress? address))
        {
            AddressFamily expected = parts[1] == "IP6" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            if (address.AddressFamily != expected)
            {
                return false;
            }
        }
        else if (Uri.CheckHostName(host) != UriHostNameType.Dns || char.IsAsciiDigit(host[^1]))
        {
            // A name ending in a digit is a mistyped address ("1.2.3.999"), not a host: top-level labels are never numeric.
            return false;
        }

        connection = new SdpConnection(parts[1], host);
        return true;
    }
}
