using System.Text;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Sip.Message;

namespace Appliance.Telephony;

/// <summary>
/// How to reach a number or URI, from the trunk configuration. An E.164 number goes out through a trunk (the one named,
/// or the only one configured) as sip:+number@trunk-domain;user=phone; a SIP URI goes straight to its host, or through
/// the named trunk's proxy. The trunk supplies the caller id, the From domain, the outbound proxy and digest credentials.
/// Shared by the call API and the <c>appliance call</c> client.
/// </summary>
internal sealed class DialPlan(ApplianceConfig config, ResolvedSecrets secrets)
{
    /// <summary>Longest caller id accepted; a From user part, not a novel.</summary>
    private const int MaxCallerIdLength = 64;
    private const int MaxUriLength = 256;

    /// <summary>Works out the SIP addressing for <paramref name="to"/>, or says which field is wrong and why.</summary>
    public DialPlanResult Resolve(string? to, string? trunkName, string? callerId)
    {
        if (string.IsNullOrWhiteSpace(to))
        {
            return DialPlanResult.Invalid("to", "the number or SIP URI to call is required");
        }
        if (callerId is not null && !IsValidCallerId(callerId))
        {
            return DialPlanResult.Invalid("caller_id", $"a caller id is 1–{MaxCallerIdLength} letters, digits or + - . _ * #");
        }
        var isNumber = E164.IsValid(to);
        if (!isNumber && !IsSipUri(to))
        {
            return DialPlanResult.Invalid("to", $"not an E.164 number (+ then 7–15 digits) or a sip:/sips: URI of at most {MaxUriLength} characters without ?headers");
        }

        string? name = null;
        TrunkConfig? trunk = null;
        if (trunkName is not null)
        {
            if (!config.Trunks.TryGetValue(trunkName, out trunk))
            {
                return DialPlanResult.Invalid("trunk", $"no trunk named '{trunkName}'");
            }
            name = config.Trunks.Keys.First(k => k.Equals(trunkName, StringComparison.OrdinalIgnoreCase));
        }
        else if (isNumber)
        {
            if (config.Trunks.Count != 1)
            {
                return DialPlanResult.Invalid("trunk", config.Trunks.Count == 0
                    ? "a phone number goes out through a trunk, and none is configured"
                    : $"a phone number goes out through a trunk: name one of {string.Join(", ", config.Trunks.Keys)}");
            }
            (name, trunk) = config.Trunks.First();
        }

        if (trunk is null)
        {
            return DialPlanResult.Direct(new DialTarget { RequestUri = to, FromUser = callerId ?? "appliance" });
        }
        if (!TrunkUri.TryParse(trunk.Proxy ?? trunk.Registrar, out var domain))
        {
            return DialPlanResult.Invalid("trunk", $"trunk '{name}' has no proxy or registrar to send calls to");
        }

        var tcp = trunk.Transport.Equals("tcp", StringComparison.OrdinalIgnoreCase);
        var hostPort = $"{(domain.Host.Contains(':', StringComparison.Ordinal) ? $"[{domain.Host}]" : domain.Host)}:{domain.Port}";
        var proxy = trunk.OutboundProxy ?? (isNumber ? null : trunk.Proxy ?? trunk.Registrar);
        var hasPassword = secrets.TrunkPasswords.TryGetValue(name!, out var password);
        return DialPlanResult.ViaTrunk(name!, new DialTarget
        {
            RequestUri = isNumber ? $"sip:{to}@{hostPort};user=phone{(tcp ? ";transport=tcp" : "")}" : to,
            FromUser = callerId ?? trunk.CallerId ?? trunk.Username ?? "appliance",
            FromHost = TrunkUri.TryParse(trunk.Registrar ?? trunk.Proxy, out var registrar) ? registrar.Host : null,
            OutboundProxy = proxy is null ? null : LooseRoute(proxy, tcp),
            AuthUsername = hasPassword ? trunk.AuthUsername ?? trunk.Username ?? name : null,
            AuthPassword = hasPassword ? password : null,
            AuthRealm = hasPassword ? trunk.Realm : null,
        });
    }

    /// <summary>A sip:/sips: URI with a host, and nothing that could break out of a header (spaces, CR/LF, angle brackets, quotes).</summary>
    private static bool IsSipUri(string text)
    {
        if (text.Length > MaxUriLength || (!text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        foreach (var c in text)
        {
            if (c <= ' ' || c is '<' or '>' or '"' || c >= '\u007f')
            {
                return false;
            }
        }
        // URI headers are not allowed in a Request-URI (RFC 3261 §19.1.5), and would let a caller add SIP headers.
        return SipUri.TryParse(Encoding.UTF8.GetBytes(text), out var uri) && uri.IsSip && !uri.Host.IsEmpty && uri.Headers.IsEmpty;
    }

    private static bool IsValidCallerId(string text)
    {
        if (text.Length is 0 or > MaxCallerIdLength)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.' or '_' or '*' or '#'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A proxy URI as a Route: loose routing (;lr), and the trunk's transport when the URI names none.</summary>
    private static string LooseRoute(string uri, bool tcp)
    {
        var route = uri.Contains(";lr", StringComparison.OrdinalIgnoreCase) ? uri : uri + ";lr";
        return tcp && !route.Contains(";transport=", StringComparison.OrdinalIgnoreCase) ? route + ";transport=tcp" : route;
    }
}
