using Appliance.Sip.Message;
using Microsoft.Extensions.Logging;

namespace Appliance.Sip.Transport;

/// <summary>
/// The per-receive-loop step shared by all transports: parse, answer malformed requests with 400/505/416 straight from
/// the transport (it knows the raw source), drop and count malformed responses, and hand good messages to the handler.
/// One per loop or connection: it reuses its message and response buffer, so it is not thread-safe.
/// </summary>
internal sealed class SipReceiveProcessor(SipTransportShared shared)
{
    private readonly SipMessage _message = new(shared.Limits);
    private readonly SipPooledBufferWriter _response = new(1024);

    /// <summary>Processes one datagram or framed message; never throws for anything the peer sent.</summary>
    public void Process(ReadOnlyMemory<byte> data, ISipTransport transport, SipEndPoint remote, long connectionId)
    {
        SipParseError error = _message.Parse(data);
        if (error != SipParseError.None)
        {
            shared.Metrics.ParseError(error, transport.Kind);
            SipTransportLog.Malformed(shared.Logger, _message.IsRequest ? "request" : "message", remote, transport.Kind, error);

            // A request gets a stateless error response; never answer an ACK (RFC 3261 §17.2.1) or a response.
            if (_message.IsRequest && _message.Method != SipMethod.Ack)
            {
                _response.Clear();
                if (SipResponseBuilder.TryWriteErrorResponse(new SipMessageWriter(_response), _message, error, shared.ErrorToTag))
                {
                    transport.Send(remote, _response.WrittenSpan);
                }
            }

            return;
        }

        shared.Metrics.Received(transport.Kind);
        var context = new SipReceiveContext(transport, remote, connectionId, _message);
        try
        {
            shared.Handler.OnMessage(_message, context);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A handler bug must not kill the receive loop; it is logged and the loop continues.
            SipTransportLog.ReceiveFailed(shared.Logger, exception, transport.Kind, remote);
        }
    }
}
