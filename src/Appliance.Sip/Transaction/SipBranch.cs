using System.Security.Cryptography;

namespace Appliance.Sip.Transaction;

/// <summary>Generates RFC 3261 §8.1.1.7 branch values: the "z9hG4bK" magic cookie plus 96 random bits in hex.</summary>
public static class SipBranch
{
    /// <summary>Length of a generated branch.</summary>
    public const int Length = 7 + 24;

    /// <summary>Writes a new unique branch into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Length);
        "z9hG4bK"u8.CopyTo(destination);
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        Convert.TryToHexStringLower(random, destination[7..Length], out _);
    }

    /// <summary>A new branch as a string (cold paths and tests).</summary>
    public static string Create()
    {
        Span<byte> branch = stackalloc byte[Length];
        Write(branch);
        return System.Text.Encoding.ASCII.GetString(branch);
    }
}
