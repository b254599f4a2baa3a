using System.Buffers;
using Appliance.Sip.Message;
using Appliance.Sip.UserAgent;

namespace Appliance.Sip.Tests.UserAgent;

/// <summary>The transaction layer as a recorder: every request the agent starts and every ACK it sends, parsed.</summary>
internal sealed class RecordingChannel : ISipTransactionChannel
{
    public List<SentRequest> Requests { get; } = [];

    public List<(string NextHop, SipMessage Ack)> Acks { get; } = [];

    public SentRequest Last(SipMethod method) => Requests.FindLast(r => r.Message.Method == method)
        ?? throw new InvalidOperationException($"no {method} sent");

    public int Count(SipMethod method) => Requests.Count(r => r.Message.Method == method);

    public void SendRequest(SipMethod method, string nextHop, IMemoryOwner<byte> request, ISipResponseHandler handler)
    {
        using (request)
        {
            Requests.Add(new SentRequest(nextHop, SipText.Parse(request.Memory.ToArray()), handler));
        }
    }

    public void SendAck(string nextHop, ReadOnlyMemory<byte> ack) => Acks.Add((nextHop, SipText.Parse(ack.ToArray())));

    /// <summary>A request as sent, with the handler its responses go to.</summary>
    internal sealed record SentRequest(string NextHop, SipMessage Message, ISipResponseHandler Handler)
    {
        /// <summary>Feeds a response built from this request's Via/From/To/Call-ID/CSeq plus <paramref name="extra"/> lines.</summary>
        public void Respond(int code, string reason, string? toTag = null, string extra = "", string? sdp = null)
        {
            var text = new System.Text.StringBuilder();
            text.Append($"SIP/2.0 {code} {reason}\r\n");
            foreach (string via in Message.Values(SipHeaderKind.Via))
            {
                text.Append($"Via: {via}\r\n");
            }

            string to = Message.Header(SipHeaderKind.To);
            text.Append($"From: {Message.Header(SipHeaderKind.From)}\r\n");
            text.Append($"To: {to}{(toTag is null || to.Contains(";tag=", StringComparison.Ordinal) ? "" : ";tag=" + toTag)}\r\n");
            text.Append($"Call-ID: {Message.Header(SipHeaderKind.CallId)}\r\n");
            text.Append($"CSeq: {Message.Header(SipHeaderKind.CSeq)}\r\n");
            text.Append(extra.ReplaceLineEndings("\r\n"));
            if (sdp is null)
            {
                text.Append("Content-Length: 0\r\n\r\n");
            }
            else
            {
                string body = sdp.ReplaceLineEndings("\r\n");
                text.Append($"Content-Type: application/sdp\r\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
            }

            Handler.OnResponse(SipText.Parse(text.ToString()));
        }
    }
}
