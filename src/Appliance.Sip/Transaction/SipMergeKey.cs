using Appliance.Sip.Message;

namespace Appliance.Sip.Transaction;

/// <summary>
/// What makes two out-of-dialog requests "the same request" for merged-request detection (RFC 3261 §8.2.2.2): From tag,
/// Call-ID and CSeq (number and method). Built only for new requests, so plain strings are fine.
/// </summary>
internal readonly record struct SipMergeKey(string FromTag, string CallId, uint CSeqNumber, SipMethod Method);
