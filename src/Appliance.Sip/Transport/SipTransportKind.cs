namespace Appliance.Sip.Transport;

/// <summary>The transport a message travels over; <see cref="Tls"/> is reserved for a later TLS transport.</summary>
public enum SipTransportKind : byte
{
    Udp,
    Tcp,
    Tls,
}
