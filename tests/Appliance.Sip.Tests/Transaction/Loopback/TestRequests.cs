using Appliance.Sip.Transaction;

namespace Appliance.Sip.Tests.Transaction.Loopback;

/// <summary>Serialized requests from alice (10.0.0.1) for the loopback tests.</summary>
internal static class TestRequests
{
    public static string Request(string method, string? branch = null, string callId = "call-1", string fromTag = "alice-tag", uint cseq = 1, string? toTag = null, string transport = "UDP") =>
        $"{method} sip:bob@10.0.0.2 SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} 10.0.0.1:5060;branch={branch ?? SipBranch.Create()};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "Route: <sip:proxy.example.com;lr>\r\n" +
        $"From: <sip:alice@10.0.0.1>;tag={fromTag}\r\n" +
        $"To: <sip:bob@10.0.0.2>{(toTag is null ? "" : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} {method}\r\n" +
        "Contact: <sip:alice@10.0.0.1:5060>\r\n" +
        "Content-Length: 0\r\n\r\n";

    public static string Invite(string? branch = null, string callId = "call-1", string fromTag = "alice-tag") =>
        Request("INVITE", branch, callId, fromTag);
}
