using System.Net;

namespace Appliance.Configuration;

/// <summary>Parses "127.0.0.1:9560" and "[::1]:9560" into an endpoint.</summary>
internal static class AdminEndpointParser
{
    public static bool TryParse(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (IPEndPoint.TryParse(text, out var parsed) && parsed.Port != 0 && text.Contains(':', StringComparison.Ordinal)
            && (parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork || text.StartsWith('[')))
        {
            endpoint = parsed;
            return true;
        }
        return false;
    }
}
