using System.Security.Cryptography;

namespace Appliance.Sip.UserAgent;

/// <summary>Fresh tags, branches and Call-IDs: random enough to be globally unique (RFC 3261 §8.1.1.4, §19.3).</summary>
internal static class SipIdentifiers
{
    public static string NewTag() => Random(6);

    /// <summary>A branch with the RFC 3261 magic cookie, so peers match transactions by it (§8.1.1.7).</summary>
    public static string NewBranch() => "z9hG4bK" + Random(8);

    public static string NewCallId(string host) => Random(12) + "@" + host;

    private static string Random(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
