using Appliance.Sip.Transaction;

namespace Appliance.Sip.UserAgent;

/// <summary>Configuration of a <see cref="SipUserAgent"/>; cold, read once per call.</summary>
public sealed class SipUserAgentOptions
{
    /// <summary>One entry per listening transport ("UDP", "TCP", "TLS"); the first is used when a URI names no transport.</summary>
    public required IReadOnlyList<SipAdvertisedAddress> Addresses { get; init; }

    /// <summary>User part of our Contact URI.</summary>
    public string ContactUser { get; init; } = "appliance";

    /// <summary>Sent as User-Agent in requests and Server in responses; null to omit.</summary>
    public string? ProductName { get; init; } = "Appliance";

    public SipTimerSettings Timers { get; init; } = SipTimerSettings.Default;

    /// <summary>Session interval we ask for and grant at most (RFC 4028 Session-Expires); 1800 s is the RFC's recommendation.</summary>
    public TimeSpan SessionExpires { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>Smallest session interval we accept (RFC 4028 Min-SE; 90 s is the RFC floor).</summary>
    public TimeSpan MinSessionExpires { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How long <see cref="SipCall.ReferAsync"/> waits, from sending the REFER, for the transfer's final status
    /// (RFC 3515 NOTIFY); 32 s by default, which also bounds the REFER's own transaction (64*T1).
    /// </summary>
    public TimeSpan ReferTimeout { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>The advertised address for <paramref name="transport"/> (case-insensitive), or the first one.</summary>
    public SipAdvertisedAddress AddressFor(string? transport)
    {
        foreach (SipAdvertisedAddress address in Addresses)
        {
            if (string.Equals(address.Transport, transport, StringComparison.OrdinalIgnoreCase))
            {
                return address;
            }
        }

        return Addresses[0];
    }
}
