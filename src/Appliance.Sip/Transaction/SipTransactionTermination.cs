namespace Appliance.Sip.Transaction;

/// <summary>Why a transaction reached the Terminated state.</summary>
public enum SipTransactionTermination
{
    /// <summary>The machine ran to completion (Timers D, I, J, K, L, M or their reliable-transport zero values).</summary>
    Normal,

    /// <summary>No response (Timers B, F) or no ACK (Timer H) in time.</summary>
    Timeout,

    /// <summary>The transport failed to send a request, response or ACK (§17.1.4, §17.2.4).</summary>
    TransportError,
}
