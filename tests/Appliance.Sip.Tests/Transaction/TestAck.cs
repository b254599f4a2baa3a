using System.Buffers;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.Tests.Transaction;

/// <summary>A ref struct ACK factory, as the message layer's will be, counting how often the machine asks for an ACK.</summary>
internal ref struct TestAck : ISipAckFactory
{
    public int Created;

    public IMemoryOwner<byte> CreateAck()
    {
        Created++;
        return new TestBuffer("ACK");
    }
}
