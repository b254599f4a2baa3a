using System.Buffers;
using System.Text;
using Appliance.Sip.Transaction;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Sip.Tests.Transaction;

/// <summary>Records what the state machines send and report, stamped with virtual time since the test began.</summary>
internal sealed class RecordingHost : ISipTransactionHost
{
    private readonly FakeTimeProvider _clock;
    private readonly DateTimeOffset _start;

    public RecordingHost(FakeTimeProvider clock)
    {
        _clock = clock;
        _start = clock.GetUtcNow();
    }

    public List<(TimeSpan At, string Message)> Sent { get; } = [];

    public List<(TimeSpan At, SipTransactionTermination Reason)> Terminations { get; } = [];

    /// <summary>When set, Send fails for messages starting with this prefix.</summary>
    public string? FailPrefix { get; set; }

    public int TryingRequests { get; private set; }

    public bool ProvideTrying { get; set; } = true;

    public TimeSpan Now => _clock.GetUtcNow() - _start;

    public bool Send(SipTransaction transaction, ReadOnlyMemory<byte> message)
    {
        string text = Encoding.ASCII.GetString(message.Span);
        if (FailPrefix is not null && text.StartsWith(FailPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        Sent.Add((Now, text));
        return true;
    }

    public IMemoryOwner<byte>? CreateTrying(SipServerInviteTransaction transaction)
    {
        TryingRequests++;
        return ProvideTrying ? new TestBuffer("100 Trying") : null;
    }

    public void OnTerminated(SipTransaction transaction, SipTransactionTermination reason) => Terminations.Add((Now, reason));

    /// <summary>Send times (seconds) of messages starting with <paramref name="prefix"/>.</summary>
    public double[] SendTimes(string prefix) =>
        Sent.Where(s => s.Message.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s.At.TotalSeconds).ToArray();
}
