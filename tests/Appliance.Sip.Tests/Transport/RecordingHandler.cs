using System.Threading.Channels;
using Appliance.Sip.Message;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Tests.Transport;

/// <summary>Test handler: keeps a copy of each message with its context, and optionally answers requests through the hub.</summary>
internal sealed class RecordingHandler : ISipMessageHandler
{
    private readonly Channel<(SipMessage Message, SipReceiveContext Context)> _received = Channel.CreateUnbounded<(SipMessage, SipReceiveContext)>();

    public SipTransportHub? RespondVia { get; set; }

    public void OnMessage(SipMessage message, in SipReceiveContext context)
    {
        if (RespondVia is not null && message.IsRequest)
        {
            using var response = new SipPooledBufferWriter();
            var writer = new SipMessageWriter(response);
            context.WriteResponseHeaders(writer, message, 200, "OK"u8, "srv"u8);
            writer.WriteEnd();
            RespondVia.SendResponse(context, response.WrittenSpan);
        }

        _received.Writer.TryWrite((message.Clone(), context));
    }

    public async Task<(SipMessage Message, SipReceiveContext Context)> NextAsync() =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool TryNext(out (SipMessage Message, SipReceiveContext Context) item) => _received.Reader.TryRead(out item);
}
