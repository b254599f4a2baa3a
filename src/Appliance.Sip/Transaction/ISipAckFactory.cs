using System.Buffers;

namespace Appliance.Sip.Transaction;

/// <summary>
/// Builds the ACK for a non-2xx final response (§17.1.1.3). Passed as a generic (possibly ref struct) argument so the
/// client INVITE machine asks for the ACK only when it needs one and without boxing.
/// </summary>
public interface ISipAckFactory
{
    /// <summary>Serializes the ACK; ownership passes to the transaction, which retransmits and finally disposes it.</summary>
    IMemoryOwner<byte> CreateAck();
}
