using System.Buffers;

namespace Appliance.Sip.Transaction;

/// <summary>
/// What a transaction needs from its surroundings: a transport to send through, a 100 Trying builder, and the TU's
/// termination callback. Implemented by the transaction layer.
/// </summary>
/// <remarks>
/// <see cref="Send"/> and <see cref="CreateTrying"/> are called while the transaction holds its lock, so they must not
/// block or call back into another transaction; <see cref="OnTerminated"/> is called with no lock held.
/// </remarks>
public interface ISipTransactionHost
{
    /// <summary>
    /// Sends (or retransmits) serialized bytes to the transaction's peer. The memory is only valid during the call: a
    /// transport that queues must copy. Returns false on a transport error, which terminates the transaction.
    /// </summary>
    bool Send(SipTransaction transaction, ReadOnlyMemory<byte> message);

    /// <summary>
    /// Builds the 100 Trying the server INVITE transaction sends when the TU has not responded within
    /// <see cref="SipTimerSettings.TryingDelay"/>; null to skip it.
    /// </summary>
    IMemoryOwner<byte>? CreateTrying(SipServerInviteTransaction transaction);

    /// <summary>Called exactly once when the transaction terminates, with the reason (Timeout and TransportError are failures to report to the TU).</summary>
    void OnTerminated(SipTransaction transaction, SipTransactionTermination reason);
}
