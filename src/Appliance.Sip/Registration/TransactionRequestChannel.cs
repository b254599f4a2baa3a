using System.Buffers;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.Registration;

/// <summary>Runs each request as a client transaction of the transaction layer (retransmissions, Timer F).</summary>
public sealed class TransactionRequestChannel(SipTransactionLayer layer, ISipTransactionTransport transport) : ISipRequestChannel
{
    public Task<SipRequestOutcome> SendAsync(ReadOnlyMemory<byte> request, SipDestination destination, CancellationToken cancellationToken)
    {
        var buffer = new SipPooledBufferWriter(request.Length);
        buffer.Write(request.Span);
        var pending = new PendingRequest();
        layer.SendRequest(buffer, destination.Transport, destination.EndPoint, pending);
        return pending.Outcome.WaitAsync(cancellationToken);
    }

    public ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes, SipDestination destination, CancellationToken cancellationToken)
    {
        transport.Send(destination.Transport, destination.EndPoint, bytes.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes with the first final response (cloned: the view dies with the callback) or the reason there is none.</summary>
    private sealed class PendingRequest : ISipClientTransactionUser
    {
        private readonly TaskCompletionSource<SipRequestOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SipRequestOutcome> Outcome => _outcome.Task;

        public void OnResponse(SipClientTransaction transaction, SipMessage response)
        {
            if (response.StatusCode >= 200)
            {
                _outcome.TrySetResult(new SipRequestOutcome(response.Clone(), null));
            }
        }

        public void OnTerminated(SipClientTransaction transaction, SipTransactionTermination reason) =>
            _outcome.TrySetResult(reason == SipTransactionTermination.Timeout ? SipRequestOutcome.Timeout : new SipRequestOutcome(null, reason.ToString()));
    }
}
