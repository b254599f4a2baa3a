using System.Text;

namespace Appliance.Sip.Message;

/// <summary>Header name lookup (case-insensitive, compact forms of RFC 3261 §7.3.3 and extensions) and canonical names for writing.</summary>
public static class SipHeaderNames
{
    /// <summary>Classifies a header name; unknown names are <see cref="SipHeaderKind.Other"/>.</summary>
    public static SipHeaderKind Lookup(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            return (name[0] | 0x20) switch
            {
                'i' => SipHeaderKind.CallId,
                'm' => SipHeaderKind.Contact,
                'f' => SipHeaderKind.From,
                't' => SipHeaderKind.To,
                'v' => SipHeaderKind.Via,
                'l' => SipHeaderKind.ContentLength,
                'c' => SipHeaderKind.ContentType,
                'e' => SipHeaderKind.ContentEncoding,
                'k' => SipHeaderKind.Supported,
                's' => SipHeaderKind.Subject,
                'o' => SipHeaderKind.Event,
                'u' => SipHeaderKind.AllowEvents,
                'r' => SipHeaderKind.ReferTo,
                'b' => SipHeaderKind.ReferredBy,
                'x' => SipHeaderKind.SessionExpires,
                _ => SipHeaderKind.Other,
            };
        }

        // Switching on length first keeps this to one or two comparisons for the common headers.
        return name.Length switch
        {
            2 => Is(name, "To"u8) ? SipHeaderKind.To : SipHeaderKind.Other,
            3 => Is(name, "Via"u8) ? SipHeaderKind.Via : SipHeaderKind.Other,
            4 => Is(name, "From"u8) ? SipHeaderKind.From
                : Is(name, "CSeq"u8) ? SipHeaderKind.CSeq
                : Is(name, "RSeq"u8) ? SipHeaderKind.RSeq
                : Is(name, "RAck"u8) ? SipHeaderKind.RAck
                : Is(name, "Date"u8) ? SipHeaderKind.Date : SipHeaderKind.Other,
            5 => Is(name, "Route"u8) ? SipHeaderKind.Route
                : Is(name, "Allow"u8) ? SipHeaderKind.Allow
                : Is(name, "Event"u8) ? SipHeaderKind.Event : SipHeaderKind.Other,
            6 => Is(name, "Accept"u8) ? SipHeaderKind.Accept
                : Is(name, "Server"u8) ? SipHeaderKind.Server
                : Is(name, "Min-SE"u8) ? SipHeaderKind.MinSE : SipHeaderKind.Other,
            7 => Is(name, "Call-ID"u8) ? SipHeaderKind.CallId
                : Is(name, "Contact"u8) ? SipHeaderKind.Contact
                : Is(name, "Expires"u8) ? SipHeaderKind.Expires
                : Is(name, "Require"u8) ? SipHeaderKind.Require
                : Is(name, "Subject"u8) ? SipHeaderKind.Subject : SipHeaderKind.Other,
            8 => Is(name, "Refer-To"u8) ? SipHeaderKind.ReferTo : SipHeaderKind.Other,
            9 => Is(name, "Supported"u8) ? SipHeaderKind.Supported
                : Is(name, "Timestamp"u8) ? SipHeaderKind.Timestamp : SipHeaderKind.Other,
            10 => Is(name, "User-Agent"u8) ? SipHeaderKind.UserAgent : SipHeaderKind.Other,
            11 => Is(name, "Retry-After"u8) ? SipHeaderKind.RetryAfter
                : Is(name, "Min-Expires"u8) ? SipHeaderKind.MinExpires
                : Is(name, "Unsupported"u8) ? SipHeaderKind.Unsupported
                : Is(name, "Referred-By"u8) ? SipHeaderKind.ReferredBy : SipHeaderKind.Other,
            12 => Is(name, "Max-Forwards"u8) ? SipHeaderKind.MaxForwards
                : Is(name, "Record-Route"u8) ? SipHeaderKind.RecordRoute
                : Is(name, "Content-Type"u8) ? SipHeaderKind.ContentType
                : Is(name, "Allow-Events"u8) ? SipHeaderKind.AllowEvents : SipHeaderKind.Other,
            13 => Is(name, "Authorization"u8) ? SipHeaderKind.Authorization
                : Is(name, "Proxy-Require"u8) ? SipHeaderKind.ProxyRequire : SipHeaderKind.Other,
            14 => Is(name, "Content-Length"u8) ? SipHeaderKind.ContentLength : SipHeaderKind.Other,
            15 => Is(name, "Session-Expires"u8) ? SipHeaderKind.SessionExpires : SipHeaderKind.Other,
            16 => Is(name, "WWW-Authenticate"u8) ? SipHeaderKind.WwwAuthenticate
                : Is(name, "Content-Encoding"u8) ? SipHeaderKind.ContentEncoding : SipHeaderKind.Other,
            18 => Is(name, "Proxy-Authenticate"u8) ? SipHeaderKind.ProxyAuthenticate
                : Is(name, "Subscription-State"u8) ? SipHeaderKind.SubscriptionState : SipHeaderKind.Other,
            19 => Is(name, "Proxy-Authorization"u8) ? SipHeaderKind.ProxyAuthorization : SipHeaderKind.Other,
            _ => SipHeaderKind.Other,
        };
    }

    /// <summary>The long-form name the writer emits for a known kind; empty for <see cref="SipHeaderKind.Other"/>.</summary>
    public static ReadOnlySpan<byte> Canonical(SipHeaderKind kind) => kind switch
    {
        SipHeaderKind.Via => "Via"u8,
        SipHeaderKind.From => "From"u8,
        SipHeaderKind.To => "To"u8,
        SipHeaderKind.CallId => "Call-ID"u8,
        SipHeaderKind.CSeq => "CSeq"u8,
        SipHeaderKind.Contact => "Contact"u8,
        SipHeaderKind.MaxForwards => "Max-Forwards"u8,
        SipHeaderKind.ContentLength => "Content-Length"u8,
        SipHeaderKind.ContentType => "Content-Type"u8,
        SipHeaderKind.ContentEncoding => "Content-Encoding"u8,
        SipHeaderKind.Expires => "Expires"u8,
        SipHeaderKind.MinExpires => "Min-Expires"u8,
        SipHeaderKind.Route => "Route"u8,
        SipHeaderKind.RecordRoute => "Record-Route"u8,
        SipHeaderKind.Require => "Require"u8,
        SipHeaderKind.ProxyRequire => "Proxy-Require"u8,
        SipHeaderKind.Supported => "Supported"u8,
        SipHeaderKind.Unsupported => "Unsupported"u8,
        SipHeaderKind.Allow => "Allow"u8,
        SipHeaderKind.Accept => "Accept"u8,
        SipHeaderKind.SessionExpires => "Session-Expires"u8,
        SipHeaderKind.MinSE => "Min-SE"u8,
        SipHeaderKind.Authorization => "Authorization"u8,
        SipHeaderKind.WwwAuthenticate => "WWW-Authenticate"u8,
        SipHeaderKind.ProxyAuthenticate => "Proxy-Authenticate"u8,
        SipHeaderKind.ProxyAuthorization => "Proxy-Authorization"u8,
        SipHeaderKind.RetryAfter => "Retry-After"u8,
        SipHeaderKind.Event => "Event"u8,
        SipHeaderKind.AllowEvents => "Allow-Events"u8,
        SipHeaderKind.SubscriptionState => "Subscription-State"u8,
        SipHeaderKind.ReferTo => "Refer-To"u8,
        SipHeaderKind.ReferredBy => "Referred-By"u8,
        SipHeaderKind.Subject => "Subject"u8,
        SipHeaderKind.RSeq => "RSeq"u8,
        SipHeaderKind.RAck => "RAck"u8,
        SipHeaderKind.UserAgent => "User-Agent"u8,
        SipHeaderKind.Server => "Server"u8,
        SipHeaderKind.Date => "Date"u8,
        SipHeaderKind.Timestamp => "Timestamp"u8,
        _ => [],
    };

    /// <summary>
    /// True for headers whose grammar is a comma-separated list (RFC 3261 §7.3.1), so several values may share one field.
    /// Authentication headers are not: their commas separate parameters of one challenge.
    /// </summary>
    public static bool IsList(SipHeaderKind kind) => kind switch
    {
        SipHeaderKind.Via or SipHeaderKind.Contact or SipHeaderKind.Route or SipHeaderKind.RecordRoute
            or SipHeaderKind.Require or SipHeaderKind.ProxyRequire or SipHeaderKind.Supported
            or SipHeaderKind.Unsupported or SipHeaderKind.Allow or SipHeaderKind.Accept
            or SipHeaderKind.ContentEncoding or SipHeaderKind.AllowEvents => true,
        _ => false,
    };

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> candidate) => Ascii.EqualsIgnoreCase(name, candidate);
}
