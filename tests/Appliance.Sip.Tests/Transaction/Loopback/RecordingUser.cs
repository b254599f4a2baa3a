using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;

namespace Appliance.Sip.Tests.Transaction.Loopback;

/// <summary>A transaction user that records everything the layer passes up and answers requests on demand.</summary>
internal sealed class RecordingUser : ISipTransactionUser, ISipClientTransactionUser
{
    public List<(SipServerTransaction Transaction, SipMessage Request)> Requests { get; } = [];

    public List<string> Acks { get; } = [];

    public List<string> StrayResponses { get; } = [];

    public List<SipServerInviteTransaction> Cancelled { get; } = [];

    public List<(SipTransaction Transaction, SipTransactionTermination Reason)> Terminations { get; } = [];

    public List<(SipClientTransaction Transaction, string StatusLine)> Responses { get; } = [];

    /// <summary>When set, each new request is answered at once with this status.</summary>
    public int? AutoRespond { get; set; }

    public void OnRequest(SipServerTransaction transaction, SipMessage request, in SipReceiveContext context)
    {
        SipMessage kept = request.Clone();
        Requests.Add((transaction, kept));
        if (AutoRespond is int status)
        {
            Respond(Requests.Count - 1, status);
        }
    }

    /// <summary>Answers the <paramref name="index"/>th request received.</summary>
    public bool Respond(int index, int status)
    {
        (SipServerTransaction transaction, SipMessage request) = Requests[index];
        SipPooledBufferWriter buffer = SipTransactionLayer.BeginResponse(transaction, request, status, "Test"u8);
        new SipMessageWriter(buffer).WriteEnd();
        return transaction.SendResponse(status, buffer);
    }

    public void OnAck(SipMessage ack, in SipReceiveContext context) => Acks.Add(ack.ToString());

    public void OnStrayResponse(SipMessage response, in SipReceiveContext context) => StrayResponses.Add(response.ToString());

    public void OnCancelled(SipServerInviteTransaction invite) => Cancelled.Add(invite);

    public void OnTerminated(SipServerTransaction transaction, SipTransactionTermination reason) => Terminations.Add((transaction, reason));

    public void OnResponse(SipClientTransaction transaction, SipMessage response)
    {
        string text = Encoding.ASCII.GetString(response.Buffer.Span);
        Responses.Add((transaction, text[..text.IndexOf('\r', StringComparison.Ordinal)]));
    }

    public void OnTerminated(SipClientTransaction transaction, SipTransactionTermination reason) => Terminations.Add((transaction, reason));
}
