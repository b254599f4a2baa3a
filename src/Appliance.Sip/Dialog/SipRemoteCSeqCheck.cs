namespace Appliance.Sip.Dialog;

/// <summary>The verdict on a received in-dialog request's CSeq (RFC 3261 §12.2.2).</summary>
public enum SipRemoteCSeqCheck
{
    /// <summary>In order; the remote sequence number now equals it.</summary>
    Accepted,

    /// <summary>Lower than the remote sequence number: reject with 500.</summary>
    OutOfOrder,
}
