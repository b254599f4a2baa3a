namespace Appliance.Sip.UserAgent;

/// <summary>What we put in Via sent-by and Contact for one transport: the host and port peers should reach us at.</summary>
public sealed record SipAdvertisedAddress(string Transport, string Host, int Port);
