namespace Appliance.Providers.Realtime;

/// <summary>A small bounded pool of <see cref="OutboundMessage"/> buffers for one agent; thread-safe.</summary>
internal sealed class OutboundMessagePool(int initialCapacity, int maxRetained = 64)
{
    private readonly Lock _lock = new();
    private readonly Stack<OutboundMessage> _idle = new();

    public OutboundMessage Rent()
    {
        lock (_lock)
        {
            if (_idle.TryPop(out OutboundMessage? message))
            {
                return message;
            }
        }

        return new OutboundMessage(initialCapacity);
    }

    public void Return(OutboundMessage message)
    {
        message.Reset();
        lock (_lock)
        {
            if (_idle.Count < maxRetained)
            {
                _idle.Push(message);
            }
        }
    }
}
