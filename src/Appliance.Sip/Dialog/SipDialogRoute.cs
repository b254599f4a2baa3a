namespace Appliance.Sip.Dialog;

/// <summary>
/// How to address an in-dialog request (RFC 3261 §12.2.1.1): its Request-URI, Route header values in order, and the next
/// hop the transport resolves (the first Route URI, else the Request-URI).
/// </summary>
public sealed record SipDialogRoute(string RequestUri, IReadOnlyList<string> Routes, string NextHop);
