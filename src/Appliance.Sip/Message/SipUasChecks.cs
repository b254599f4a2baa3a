using System.Text;

namespace Appliance.Sip.Message;

/// <summary>
/// Checks a UAS makes after parsing, whose responses depend on its configuration: 420 Bad Extension for an unsupported
/// Require option-tag (RFC 3261 §8.2.2.3) and 415 Unsupported Media Type for a body it cannot handle (§8.2.3).
/// </summary>
public static class SipUasChecks
{
    /// <summary>Finds the first Require option-tag not in <paramref name="supported"/> (to list in Unsupported of a 420).</summary>
    public static bool TryFindUnsupportedRequire(SipMessage request, ReadOnlySpan<string> supported, out ReadOnlyMemory<byte> optionTag)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (ReadOnlyMemory<byte> tag in request.GetValues(SipHeaderKind.Require))
        {
            if (!tag.IsEmpty && !Contains(supported, tag.Span))
            {
                optionTag = tag;
                return true;
            }
        }

        optionTag = default;
        return false;
    }

    /// <summary>
    /// True when <paramref name="contentType"/>'s type/subtype (parameters and case ignored) is one of
    /// <paramref name="accepted"/> such as "application/sdp"; an empty Content-Type is accepted (no body).
    /// </summary>
    public static bool IsAcceptedContentType(ReadOnlySpan<byte> contentType, ReadOnlySpan<string> accepted)
    {
        int semi = contentType.IndexOf((byte)';');
        ReadOnlySpan<byte> mediaType = SipSyntax.Trim(semi < 0 ? contentType : contentType[..semi], out _);
        if (mediaType.IsEmpty)
        {
            return true;
        }

        int slash = mediaType.IndexOf((byte)'/');
        if (slash <= 0)
        {
            return false;
        }

        // LWS is allowed around the slash (m-type SLASH m-subtype).
        ReadOnlySpan<byte> type = SipSyntax.Trim(mediaType[..slash], out _);
        ReadOnlySpan<byte> subtype = SipSyntax.Trim(mediaType[(slash + 1)..], out _);
        foreach (string candidate in accepted)
        {
            int candidateSlash = candidate.IndexOf('/', StringComparison.Ordinal);
            if (candidateSlash > 0 && Ascii.EqualsIgnoreCase(type, candidate.AsSpan(0, candidateSlash))
                && Ascii.EqualsIgnoreCase(subtype, candidate.AsSpan(candidateSlash + 1)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(ReadOnlySpan<string> set, ReadOnlySpan<byte> tag)
    {
        foreach (string candidate in set)
        {
            if (Ascii.Equals(tag, candidate))
            {
                return true;
            }
        }

        return false;
    }
}
