using Appliance.Sip.Message;

namespace Appliance.Sip.Transport;

/// <summary>
/// Receives every well-formed message from every transport (the transaction layer). Called on the transport's receive
/// loop, concurrently from different loops: implementations must be thread-safe and must not block. The message and its
/// buffer are valid only during the call (use <see cref="SipMessage.Clone"/> to keep one).
/// </summary>
public interface ISipMessageHandler
{
    void OnMessage(SipMessage message, in SipReceiveContext context);
}
