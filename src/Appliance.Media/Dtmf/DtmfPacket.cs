namespace Appliance.Media.Dtmf;

/// <summary>One packet of an outgoing telephone-event: what to send and when, relative to the event start.</summary>
/// <param name="Payload">The event payload; all packets of one event share the RTP timestamp of its start.</param>
/// <param name="Marker">RTP M bit (first packet only).</param>
/// <param name="SendOffset">When to send it, measured from the event start.</param>
public readonly record struct DtmfPacket(TelephoneEvent Payload, bool Marker, TimeSpan SendOffset);
