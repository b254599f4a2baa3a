using System.Buffers;

namespace Appliance.Sip.Transaction;

/// <summary>A server transaction: the TU answers through it, and request retransmissions are fed to it.</summary>
public abstract class SipServerTransaction : SipTransaction
{
    private protected SipServerTransaction(
        SipTransactionKind kind,
        SipTransactionState initialState,
        ISipTransactionHost host,
        SipTimerQueue timers,
        SipTimerSettings settings,
        bool reliable)
        : base(kind, initialState, host, timers, settings, reliable)
    {
    }

    /// <summary>
    /// The To tag for responses when the request had none: the layer's own 487 and CANCEL 200 carry it, and the TU
    /// should use it too so every response of the transaction agrees (§8.2.6.2, §9.2). Empty for in-dialog requests.
    /// </summary>
    public ReadOnlyMemory<byte> LocalTag { get; internal set; }

    /// <summary>
    /// Sends a TU response; the transaction takes ownership of <paramref name="response"/> in every case. Returns false
    /// (and disposes it) when the state no longer allows it, e.g. a second final response.
    /// </summary>
    public abstract bool SendResponse(int statusCode, IMemoryOwner<byte> response);

    /// <summary>Feeds a retransmission of the request; the machine resends its last response if it should. Always absorbed.</summary>
    public abstract SipTransactionDisposition ReceiveRequest();
}
