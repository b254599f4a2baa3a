using Appliance.Calls;
using Appliance.Pipeline.Agents;

namespace Appliance.Tests.Admin;

/// <summary>Call control that places nothing: it records the requests and plays back the statuses a test sets.</summary>
internal sealed class FakeCallControl : ICallControl
{
    public static readonly DateTimeOffset Created = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public List<OutboundCallRequest> Requests { get; } = [];

    public Dictionary<string, CallStatus> Calls { get; } = [];

    public List<string> HungUp { get; } = [];

    /// <summary>Why the next Originate is refused; None places it.</summary>
    public DialRefusal Refusal { get; set; }

    public OriginateResult Originate(OutboundCallRequest request)
    {
        Requests.Add(request);
        if (Refusal != DialRefusal.None)
        {
            return new OriginateResult(null, Refusal);
        }
        var status = new CallStatus
        {
            Id = $"call-{Requests.Count}@127.0.0.1",
            Direction = CallDirection.Outbound,
            From = request.Target.FromUser,
            To = request.To,
            Trunk = request.Route.Trunk,
            Agent = request.Route.Agent!.Name,
            CreatedAt = Created,
        };
        Calls[status.Id] = status;
        return new OriginateResult(status, DialRefusal.None);
    }

    public CallStatus? Find(string id) => Calls.GetValueOrDefault(id);

    public IReadOnlyList<CallStatus> List() => [.. Calls.Values];

    public Task<CallStatus?> HangupAsync(string id, CancellationToken cancellationToken)
    {
        if (!Calls.TryGetValue(id, out var status))
        {
            return Task.FromResult<CallStatus?>(null);
        }
        HungUp.Add(id);
        var ended = status with
        {
            State = CallState.Ended,
            EndedAt = Created.AddSeconds(30),
            Disposition = status.AnsweredAt is null ? CallDisposition.Cancelled : CallDisposition.Answered,
            EndReason = status.AnsweredAt is null ? CallEndReason.Cancelled : CallEndReason.LocalHangup,
            EndedByRemote = false,
        };
        Calls[id] = ended;
        return Task.FromResult<CallStatus?>(ended);
    }
}
