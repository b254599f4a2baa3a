using System.Net;

namespace Appliance.Sip.Transport;

/// <summary>One listening socket: transport and local address (port 0 binds a free port).</summary>
public sealed record SipListenerOptions(SipTransportKind Transport, IPEndPoint EndPoint);
