using System.Net;
using System.Text;
using Appliance.Sip.Message;

namespace Appliance.Telephony;

/// <summary>The host and port of a configured trunk URI (sip:host[:port], sips: defaulting to 5061).</summary>
internal readonly record struct TrunkUri(string Host, int Port)
{
    /// <summary>The host as an IP literal, or null for a host name.</summary>
    public IPAddress? Address => IPAddress.TryParse(Host, out var address) ? address : null;

    public static bool TryParse(string? text, out TrunkUri uri)
    {
        uri = default;
        if (text is null || !SipUri.TryParse(Encoding.UTF8.GetBytes(text), out var parsed) || !parsed.IsSip || parsed.Host.IsEmpty)
        {
            return false;
        }
        var host = Encoding.UTF8.GetString(parsed.Host.Span);
        // IPv6 references keep their brackets in the URI; addresses and DNS want them off.
        host = parsed.IsIPv6 ? host[1..^1] : host;
        var port = parsed.Port > 0 ? parsed.Port : parsed.Scheme == SipUriScheme.Sips ? 5061 : 5060;
        uri = new TrunkUri(host, port);
        return true;
    }
}
